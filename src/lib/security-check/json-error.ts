// Where a JSON text that JSON.parse refused goes wrong, and what is wrong there, in fixed words.
// V8's messages cannot be used for either: some carry no position ("Unexpected token ']', …" on
// Node 20), their wording changes between Node versions, and they quote the input. This validator
// runs only after JSON.parse has failed, so it is never on the fast path; it follows RFC 8259.

export interface JsonSyntaxError {
  /** Offset (UTF-16 units) of the first character that cannot be there. */
  offset: number;
  words: string;
}

class Stop {
  constructor(
    readonly offset: number,
    readonly words: string,
  ) {}
}

const WS = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

/** The first syntax error of `text`; undefined when it is valid JSON after all. */
export function locateJsonError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && WS.has(text[i] as string)) i++;
  };
  const unexpected = (expected: string): never => {
    throw new Stop(i, i >= text.length ? 'unexpected end of the file' : `unexpected character; ${expected}`);
  };
  const sticky = (re: RegExp): boolean => {
    re.lastIndex = i;
    if (!re.test(text)) return false;
    i = re.lastIndex;
    return true;
  };
  const string = () => {
    i++; // the opening quote
    for (;;) {
      if (i >= text.length) throw new Stop(i, 'unexpected end of the file within a string');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) throw new Stop(i, 'a control character in a string (escape it)');
      if (c === 0x5c) {
        if (!sticky(ESCAPE)) throw new Stop(i, 'a bad escape sequence in a string');
      } else i++;
    }
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') unexpected('a property name in double quotes was expected');
        string();
        ws();
        if (text[i] !== ':') unexpected('":" was expected');
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else unexpected('"," or "}" was expected');
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else unexpected('"," or "]" was expected');
      }
    }
    if (c === '"') string();
    else if (!sticky(NUMBER) && !sticky(LITERAL)) unexpected('a value was expected');
  };
  try {
    value();
    ws();
    if (i < text.length) unexpected('the document has ended');
    return undefined;
  } catch (e) {
    if (e instanceof Stop) return { offset: e.offset, words: e.words };
    // A document nested deeper than this validator's stack: no position, but fixed words still.
    if (e instanceof RangeError) return { offset: 0, words: 'nested too deeply' };
    throw e;
  }
}
