import { type Document, isAlias, isPair, isScalar, parseDocument, visit as visitYaml } from 'yaml';
import { CREDENTIAL_KEY, credentialValues } from './yaml-key-values.js';

// The values the text scan cannot pair with their credential-named key on one line, read the way
// the platform's parser composes them: what decoded-scalars.ts checks when a YAML file has such a
// key (or the lexer cannot type a file), or a JSON file has one (jsonStrings pairs those token by token).

/** Called for each string scalar: the key it is the value of ('' when none), its value, its source range. */
export type Check = (name: string, value: string, start: number, end: number) => void;

/** Whether the text scan found a secret in [start, end). */
export type Holds = (start: number, end: number) => boolean;

/** What was found at the place `as` (an alias to the same scalar, under a name read alike) is at `at` too. */
export type Repeat = (at: [number, number], as: [number, number]) => void;

/** The same in JSON: a key whose string is not on its line (`"password":` then the value below). */
const JSON_KEY_LINE = /"([^"\n]{0,200})"(?:[ \t]*\r?\n[ \t\r\n]*:|[ \t]*:[ \t]*\r?\n)/g;

/** Whether `text` has a credential-named key whose value the text scan cannot pair with it. */
export function hasValueBelow(text: string, syntax: 'json' | 'yaml'): boolean {
  if (syntax === 'yaml') {
    if (!mayHaveValueBelow(text)) return false;
    try {
      credentialValues(text, () => {
        throw FOUND;
      });
    } catch (e) {
      if (e === FOUND) return true;
      throw e;
    }
    return false;
  }
  for (const m of text.matchAll(JSON_KEY_LINE)) if (CREDENTIAL_KEY.test(m[1] as string)) return true;
  return false;
}

const FOUND = Symbol('found');

/** An alias at a token's start, then a `:`: a key, or text the lexer reads as none (each token scanned once). */
const ALIAS_KEY = /(?:^|[\s,[{])\*[^\s,[\]{}]+[ \t]*:/;

/** A credential word anywhere: each line that has one is looked at once. */
const WORD = /key|token|secret|passw(?:or)?d|pwd|credential|auth/gi;

/**
 * Whether some line with a credential word may hold a key whose value the text scan cannot pair
 * on it: wider than the lexer, never narrower, and a few string searches per such line instead of
 * a lexer pass over every file that says `api_key` (a fifth more CPU on a workflow corpus). Such a
 * line has nothing after its `:`, a block header, anchor, tag, alias or comment, an open quote, a
 * flow indicator outside quotes (or its line above has one: a flow collection over lines may
 * continue a plain value at any indent), or the next line is deeper (a plain value continued).
 * A lone CR is a line break the line search does not know: the lexer decides, and so it does for
 * an alias used as a key (`*k :`): the credential word is in the anchored scalar, wherever it is.
 */
function mayHaveValueBelow(text: string): boolean {
  if (/\r(?!\n)/.test(text) || ALIAS_KEY.test(text)) return CREDENTIAL_KEY.test(text);
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) {
    const start = text.lastIndexOf('\n', m.index) + 1;
    const found = text.indexOf('\n', m.index);
    const end = found === -1 ? text.length : found;
    if (lineMayHaveValueBelow(text, start, end)) return true;
    WORD.lastIndex = end;
  }
  return false;
}

function lineMayHaveValueBelow(text: string, start: number, end: number): boolean {
  const line = text.slice(start, end);
  if (/[|>&!*#]|:[ \t\r]*$/.test(line) || count(line, '"') % 2 === 1 || count(line, "'") % 2 === 1)
    return true;
  if (/[{}[\],]/.test(line.replace(/"[^"]*"|'[^']*'/g, ''))) return true;
  const above = lineAbove(text, start);
  if (above !== undefined && /[{[,]/.test(above)) return true;
  const below = lineBelow(text, end);
  const indent = (s: string) => (/^[ \t]*/.exec(s) as RegExpExecArray)[0].length;
  return below !== undefined && indent(below) > (/^ */.exec(line) as RegExpExecArray)[0].length;
}

/** The nearest line above the one starting at `start` that is neither blank nor a comment. */
function lineAbove(text: string, start: number): string | undefined {
  for (let at = start; at > 0; ) {
    const to = at - 1;
    const from = to === 0 ? 0 : text.lastIndexOf('\n', to - 1) + 1;
    const line = text.slice(from, to);
    const t = line.trim();
    if (t !== '' && t[0] !== '#') return line;
    at = from;
  }
  return undefined;
}

/** The nearest line below the one ending at `end` that is not blank. */
function lineBelow(text: string, end: number): string | undefined {
  for (let at = end; at < text.length; ) {
    const next = text.indexOf('\n', at + 1);
    const to = next === -1 ? text.length : next;
    const line = text.slice(at + 1, to);
    if (line.trim() !== '') return line;
    at = to;
  }
  return undefined;
}

function count(s: string, c: string): number {
  let n = 0;
  for (let i = s.indexOf(c); i !== -1; i = s.indexOf(c, i + 1)) n++;
  return n;
}

/**
 * Each credential-named key's string value the text scan cannot pair with it on the key's line, as
 * the composer reads it: on the lines below, a block scalar, a scalar over several lines, one with
 * an anchor or tag, or an alias to a scalar (the anchored scalar's value, wherever it is). From one
 * pass of eemeli/yaml's lexer, so the key is what the grammar says (a plain key with spaces or a
 * `/`, a quoted one with escapes, one in a flow collection over several lines), and a line inside a
 * block scalar or a quoted string is text, never a key. Nothing is composed: a composed document is
 * about 500 bytes per byte of its file, and a key in front of a 1 MB flow sequence composed it.
 * A collection value holds no scalar the rule pairs with this key (its own keys are found here).
 * A value on its key's line is given too when `holds` says the text scan found a secret in it.
 */
export function valuesBelow(text: string, check: Check, holds?: Holds, repeat?: Repeat): void {
  if (CREDENTIAL_KEY.test(text)) credentialValues(text, check, holds, repeat);
}

/** Every string scalar of the composed document, and each alias to one, with the key it is the value of. */
export function composedStrings(text: string, check: Check): void {
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false, logLevel: 'silent' });
  const keyOf = (where: unknown, path: readonly unknown[]) => keyName(doc, where, path);
  visitYaml(doc, {
    Scalar(where, node, path) {
      if (typeof node.value !== 'string' || !node.range) return;
      check(keyOf(where, path), node.value, node.range[0], node.range[1]);
    },
    // `password: *a`: the platform receives the anchored scalar as this key's value.
    Alias(where, node, path) {
      const target = node.resolve(doc);
      if (!isScalar(target) || typeof target.value !== 'string' || !node.range) return;
      check(keyOf(where, path), target.value, node.range[0], node.range[1]);
    },
  });
}

/**
 * The key a node is the value of ('' when none, or no string): a key that is an alias (`*k : P`)
 * is the anchored scalar the platform's parser reads there.
 */
function keyName(doc: Document.Parsed, where: unknown, path: readonly unknown[]): string {
  const parent = path[path.length - 1];
  if (where !== 'value' || !isPair(parent)) return '';
  const key = isAlias(parent.key) ? parent.key.resolve(doc) : parent.key;
  return isScalar(key) && typeof key.value === 'string' ? key.value : '';
}

/** A `!!binary` scalar in some spelling (`!!binary`, a verbatim or %TAG-made tag ending in `binary`). */
export const BINARY_TAG = /![^\s]*binary/;

/**
 * Called for each `!!binary` scalar: its key (as Check), its decoded bytes as text (undefined when
 * they are no UTF-8 text: an image, a key in DER), its base64 text with the blanks taken out, its range.
 */
export type BinaryCheck = (
  name: string,
  text: string | undefined,
  base64: string,
  start: number,
  end: number,
) => void;

/**
 * Each `!!binary` scalar of the composed document: the upload's parser decodes it to bytes, so the
 * rules judge what those bytes say, not the base64 the text scan reads.
 */
export function binaryScalars(text: string, check: BinaryCheck): void {
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false, logLevel: 'silent' });
  visitYaml(doc, {
    Scalar(where, node, path) {
      if (!(node.value instanceof Uint8Array) || !node.range) return;
      const [start, end] = node.range;
      const source = text
        .slice(start, end)
        .replace(/^[|>][^\n]*\n/, '')
        .replace(/\s+/g, '');
      check(keyName(doc, where, path), asText(node.value), source, start, end);
    },
  });
}

/** Bytes as text when they are UTF-8 with no control character but blanks and line breaks. */
function asText(bytes: Uint8Array): string | undefined {
  let s: string;
  try {
    s = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s) ? undefined : s;
}
