/**
 * Where one JSON object ends in a page body, checked to JSON's grammar without building anything.
 *
 * Why the grammar and not only the brackets: the export copies each event's bytes into the file as
 * they came (raw-page.ts). An event that balances but is not JSON (`{"id" "evt_1"}`, `{"n":,}`, a
 * bad escape, a raw control character) would be written and counted, and the json file would not
 * parse. So a slice is taken only when it is an object a JSON parser accepts; anything else makes
 * the page take the parsing path, where JSON.parse refuses it. Strings are checked byte by byte
 * (escapes and control characters); the page as a whole is checked to be UTF-8 by the caller.
 */

const TAB = 0x09;
const SPACE = 0x20;
const QUOTE = 0x22;
const PLUS = 0x2b;
const COMMA = 0x2c;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const COLON = 0x3a;
const OPEN_BRACKET = 0x5b;
const BACKSLASH = 0x5c;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/** What may come next. */
const VALUE = 0;
const KEY_OR_END = 1; // just after `{`
const KEY = 2; // after a comma in an object
const AFTER_KEY = 3; // a colon
const NEXT_OR_END = 4; // a comma or the container's close
const VALUE_OR_END = 5; // just after `[`

const OBJECT = 1;
const ARRAY = 2;
/** Deeper than any event; a deeper one takes the parsing path. */
const MAX_DEPTH = 64;
const stack = new Uint8Array(MAX_DEPTH);

/** The characters a backslash may escape in JSON, besides `u`. */
const ESCAPABLE = new Uint8Array(128);
for (const c of '"\\/bfnrt') ESCAPABLE[c.charCodeAt(0)] = 1;

function isHex(c: number | undefined): boolean {
  return c !== undefined && ((c >= ZERO && c <= NINE) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66));
}

/** Index just past the JSON string whose opening quote is at `at`, or -1 when it is not one. */
export function skipString(body: Buffer, at: number): number {
  const n = body.length;
  let i = at + 1;
  while (i < n) {
    const c = body[i] as number;
    if (c === QUOTE) return i + 1;
    if (c < SPACE) return -1;
    if (c === BACKSLASH) {
      const e = body[i + 1] as number;
      if (e === 0x75) {
        if (!(isHex(body[i + 2]) && isHex(body[i + 3]) && isHex(body[i + 4]) && isHex(body[i + 5])))
          return -1;
        i += 6;
      } else if (e < 128 && ESCAPABLE[e] === 1) i += 2;
      else return -1;
      continue;
    }
    i++;
  }
  return -1;
}

function digitsFrom(body: Buffer, at: number): number {
  let i = at;
  while (i < body.length && (body[i] as number) >= ZERO && (body[i] as number) <= NINE) i++;
  return i;
}

/** Whether `word` (ASCII) is at `at`: byte by byte, no view of the body made. */
function wordAt(body: Buffer, at: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if (body[at + k] !== word.charCodeAt(k)) return false;
  return true;
}

/** Index just past the number, `true`, `false` or `null` at `at`, or -1. */
function skipScalar(body: Buffer, at: number): number {
  const c = body[at] as number;
  if (c === 0x74) return wordAt(body, at, 'true') ? at + 4 : -1;
  if (c === 0x66) return wordAt(body, at, 'false') ? at + 5 : -1;
  if (c === 0x6e) return wordAt(body, at, 'null') ? at + 4 : -1;
  let i = at;
  if (body[i] === MINUS) i++;
  if (body[i] === ZERO) i++;
  else {
    const end = digitsFrom(body, i);
    if (end === i) return -1;
    i = end;
  }
  if (body[i] === DOT) {
    const end = digitsFrom(body, i + 1);
    if (end === i + 1) return -1;
    i = end;
  }
  if (((body[i] as number) | 0x20) === 0x65) {
    i++;
    if (body[i] === PLUS || body[i] === MINUS) i++;
    const end = digitsFrom(body, i);
    if (end === i) return -1;
    i = end;
  }
  return i;
}

/** Index just past the JSON object starting at `at` (a `{`), or -1 when it is not valid JSON. */
export function skipObject(body: Buffer, at: number): number {
  const n = body.length;
  let depth = 0;
  let want = VALUE;
  let i = at;
  while (i < n) {
    const c = body[i] as number;
    if (c === SPACE || c === TAB) {
      i++;
      continue;
    }
    if (want === AFTER_KEY) {
      if (c !== COLON) return -1;
      want = VALUE;
      i++;
      continue;
    }
    const closes =
      (c === CLOSE_BRACE && stack[depth - 1] === OBJECT && (want === NEXT_OR_END || want === KEY_OR_END)) ||
      (c === CLOSE_BRACKET && stack[depth - 1] === ARRAY && (want === NEXT_OR_END || want === VALUE_OR_END));
    if (closes) {
      depth--;
      i++;
      if (depth === 0) return i;
      want = NEXT_OR_END;
      continue;
    }
    if (want === NEXT_OR_END) {
      if (c !== COMMA) return -1;
      want = stack[depth - 1] === OBJECT ? KEY : VALUE;
      i++;
      continue;
    }
    if (want === KEY || want === KEY_OR_END) {
      if (c !== QUOTE) return -1;
      i = skipString(body, i);
      if (i === -1) return -1;
      want = AFTER_KEY;
      continue;
    }
    // A value (VALUE or VALUE_OR_END).
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (depth === MAX_DEPTH) return -1;
      stack[depth++] = c === OPEN_BRACE ? OBJECT : ARRAY;
      want = c === OPEN_BRACE ? KEY_OR_END : VALUE_OR_END;
      i++;
      continue;
    }
    if (depth === 0) return -1; // only an object is an event
    i = c === QUOTE ? skipString(body, i) : skipScalar(body, i);
    if (i === -1) return -1;
    want = NEXT_OR_END;
  }
  return -1;
}
