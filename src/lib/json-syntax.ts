import { createScanner, type ParseError, parse, printParseErrorCode } from 'jsonc-parser';

// Where a JSON text that JSON.parse refused goes wrong, in fixed words. V8's own messages cannot be
// shown: they quote the input (a file that may hold a secret), some carry no position, and their
// wording changes between Node versions. jsonc-parser (strict: no comments, no trailing commas)
// gives an offset and a code instead; it runs only after JSON.parse has failed.

export interface JsonSyntaxError {
  /** 1-based line and column (UTF-16 units) of the first error. */
  line: number;
  column: number;
  /** What is wrong there, in words that quote nothing. */
  words: string;
}

// By the codes' names (printParseErrorCode): the enum is a const enum TypeScript cannot import here.
const WORDS: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'a malformed number',
  PropertyNameExpected: 'a property name in double quotes was expected',
  ValueExpected: 'a value was expected',
  ColonExpected: '":" was expected',
  CommaExpected: '"," was expected',
  CloseBraceExpected: '"}" was expected',
  CloseBracketExpected: '"]" was expected',
  EndOfFileExpected: 'the document has ended',
  InvalidCommentToken: 'JSON has no comments',
  UnexpectedEndOfComment: 'JSON has no comments',
  UnexpectedEndOfString: 'a string is not closed on its line',
  UnexpectedEndOfNumber: 'a number ends too early',
  InvalidUnicode: 'a bad \\u escape',
  InvalidEscapeCharacter: 'a bad escape sequence in a string',
  InvalidCharacter: 'a control character in a string (escape it)',
};

/** The first syntax error of `text` (which JSON.parse refused), placed and worded. */
export function jsonSyntaxError(text: string): JsonSyntaxError {
  const errors: ParseError[] = [];
  try {
    parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch {
    // Nested deeper than the parser's stack: no position, but still no text of the file.
    return { line: 1, column: 1, words: 'nested too deeply' };
  }
  const first = errors[0];
  if (first === undefined) return { line: 1, column: 1, words: 'not valid JSON' };
  const before = text.slice(0, first.offset);
  const line = before.split('\n').length;
  const column = first.offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column, words: WORDS[printParseErrorCode(first.error)] ?? 'not valid JSON' };
}

/**
 * Where a JSON text (JSON.parse has accepted it) repeats a key in one object, or undefined. JSON.parse
 * keeps the last silently, so `{"nodes": [...], "nodes": []}` would be a definition without nodes;
 * YAML refuses the same. Token by token with jsonc-parser's scanner (no recursion, no tree).
 */
export function duplicateKey(text: string): JsonSyntaxError | undefined {
  // jsonc-parser's SyntaxKind, by value (a const enum): { } [ ] , : string, end.
  const scanner = createScanner(text, true);
  const keys: Array<Set<string> | undefined> = [];
  let keyNext = false;
  for (let token = scanner.scan(); token !== 17; token = scanner.scan()) {
    if (token === 1 || token === 3) {
      keys.push(token === 1 ? new Set() : undefined);
      keyNext = token === 1;
    } else if (token === 2 || token === 4) {
      keys.pop();
      keyNext = false;
    } else if (token === 5) keyNext = keys[keys.length - 1] !== undefined;
    else if (token === 6) keyNext = false;
    else if (token === 10 && keyNext) {
      keyNext = false;
      const seen = keys[keys.length - 1] as Set<string>;
      const key = scanner.getTokenValue();
      if (seen.has(key)) {
        return {
          line: scanner.getTokenStartLine() + 1,
          column: scanner.getTokenStartCharacter() + 1,
          words: 'a key given twice in one object',
        };
      }
      seen.add(key);
    }
  }
  return undefined;
}
