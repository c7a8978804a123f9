import { createScanner, type ParseError, parse, printParseErrorCode } from 'jsonc-parser';
import { t } from './display/text.js';
import { redact } from './errors.js';
import { looksLikeCredential } from './shown-value.js';

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

/** How much of the line around an error is shown, at most, each side of it. */
const CONTEXT_SIDE = 30;

/** Words of the keys that hold credentials (security check's rule), and a password's short forms. */
const CREDENTIAL_WORDS = /key|token|secret|passw|pwd|authoriz|credential|bearer/i;

/**
 * The line of `text` where `at` is, cut to a window around it, and a caret line under its column
 * (two lines, for an error's details), counted in the printed, escaped text. None when the window
 * may hold a credential (a value typed as `--input "$(cat file)"` may): one that looks like one,
 * that redact() would mask, or near a word of a key that holds one (`"password": hunter2`).
 */
export function jsonErrorContext(text: string, at: { line: number; column: number }): string[] {
  const whole = (text.split(/\r?\n/)[at.line - 1] ?? '').replace(/\t/g, ' ');
  const start = Math.max(0, at.column - 1 - CONTEXT_SIDE);
  const end = Math.min(whole.length, at.column - 1 + CONTEXT_SIDE);
  const window = whole.slice(start, end);
  if (looksLikeCredential(window) || redact(window) !== window || CREDENTIAL_WORDS.test(window)) return [];
  const lead = start > 0 ? '…' : '';
  const shown = `${lead}${window}${end < whole.length ? '…' : ''}`;
  const before = t`${lead}${window.slice(0, at.column - 1 - start)}`.width;
  return [shown, `${' '.repeat(before)}^`];
}

// jsonc-parser's SyntaxKind, by value: a const enum in its types, which isolated modules cannot import.
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const COMMA = 5;
const COLON = 6;
const STRING = 10;
const EOF = 17;

/** One string of a JSON text, as eachJsonString() hands it over. */
export interface JsonString {
  value: string;
  /** Its source range, quotes included. */
  start: number;
  end: number;
  /** A key (the property it names), not a value. */
  isKey: boolean;
  /** For a value, the key of the object entry it is the value of ('' in an array or at the top). */
  owner: string;
  /** Which object it is in (a number per object, in source order): keys of one object share it. */
  object: number;
}

/**
 * Every string of a JSON text (JSON.parse has accepted it), in source order; `visit` returns true
 * to stop. Token by token with jsonc-parser's scanner and a stack of our own: its parser and
 * visit() recurse, and a text nested ten thousand deep overflowed the stack.
 */
export function eachJsonString(text: string, visit: (s: JsonString) => boolean | undefined): void {
  const scanner = createScanner(text, true);
  // Per open container: its object number and the key its current entry is at ('' before the
  // first key), or undefined for an array. A string is a key when it opens an object's entry.
  const open: Array<{ object: number; key: string } | undefined> = [];
  let objects = 0;
  let keyNext = false;
  for (let token = scanner.scan(); token !== EOF; token = scanner.scan()) {
    if (token === OPEN_BRACE || token === OPEN_BRACKET) {
      open.push(token === OPEN_BRACE ? { object: objects++, key: '' } : undefined);
      keyNext = token === OPEN_BRACE;
    } else if (token === CLOSE_BRACE || token === CLOSE_BRACKET) {
      open.pop();
      keyNext = false;
    } else if (token === COMMA) keyNext = open[open.length - 1] !== undefined;
    else if (token === COLON) keyNext = false;
    else if (token === STRING) {
      const inner = open[open.length - 1];
      const value = scanner.getTokenValue();
      const start = scanner.getTokenOffset();
      const end = start + scanner.getTokenLength();
      const isKey = keyNext && inner !== undefined;
      if (isKey) inner.key = value;
      keyNext = false;
      const owner = isKey ? '' : (inner?.key ?? '');
      if (visit({ value, start, end, isKey, owner, object: inner?.object ?? -1 })) return;
    }
  }
}

/**
 * Where a JSON text (JSON.parse has accepted it) repeats a key in one object, or undefined. JSON.parse
 * keeps the last silently, so `{"nodes": [...], "nodes": []}` would be a definition without nodes;
 * YAML refuses the same.
 */
export function duplicateKey(text: string): JsonSyntaxError | undefined {
  const seen = new Map<number, Set<string>>();
  let at: number | undefined;
  eachJsonString(text, ({ value, start, isKey, object }) => {
    if (!isKey) return undefined;
    const keys = seen.get(object) ?? new Set<string>();
    seen.set(object, keys);
    if (keys.has(value)) at = start;
    keys.add(value);
    return at !== undefined;
  });
  if (at === undefined) return undefined;
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  return { line, column: at - (before.lastIndexOf('\n') + 1) + 1, words: 'a key given twice in one object' };
}
