import { looksLikeCredential } from '../shown-value.js';
import { shannonEntropy } from './entropy.js';
import { MIN_GENERIC_ENTROPY } from './generic-rule.js';
import { findCredentials } from './scan-text.js';

// Text from a scanned file that a message names (an unknown rule id after fibonacci:ignore, a SOC 2
// id, a policy's unknown key, a setting's value). Any of it may be a secret: a password pasted in the
// wrong place, a token typed after the directive. It is quoted only when it has the shape of what
// it should be, holds no token and is not random enough to be a credential (the generic rule's
// entropy bar); otherwise the message says how long it is, and nothing more.

/** The shape of a name a message may quote: short, no spaces, no quotes. */
export const NAME_SHAPE = /^[A-Za-z0-9_.*/:@-]{1,40}$/;

/** Whether a message may print `text`: it has `shape`, low entropy and no token in it. */
export function printable(text: string, shape: RegExp = NAME_SHAPE): boolean {
  return shape.test(text) && shannonEntropy(text) < MIN_GENERIC_ENTROPY && findCredentials(text).length === 0;
}

/** `"text"` when it is printable(); else `a value of N characters`. */
export function mention(text: string, shape: RegExp = NAME_SHAPE): string {
  if (printable(text, shape)) return `"${text}"`;
  return `a value of ${[...text].length} characters`;
}

/**
 * A message built by a module shared with the server (the access policy's validator, the startup
 * rules), which quotes values as `"…"`: each quoted part is kept when printable(), else stands as
 * `"…" (10 characters, not repeated here)`. mention()'s `a value of 10 characters` in its place
 * read "role a value of 10 characters is not defined" (hostile s14); this reads as the name it is
 * wherever the message puts it.
 */
export function guardQuoted(message: string): string {
  return message.replace(/"([^"]*)"/g, (whole, inner: string) =>
    printable(inner, QUOTED_SHAPE) ? whole : `"…" (${[...inner].length} characters, not repeated here)`,
  );
}

/** A name a quoted part may be: NAME_SHAPE, or a schema keyword's `$` before it (`$anchor`). */
const QUOTED_SHAPE = /^[$]?[A-Za-z0-9_.*/:@-]{1,40}$/;

/** A key a loc may name: the name shape, and a schema's own `$schema`, `$defs`, `$ref`. */
const KEY_SHAPE = /^[$]?[A-Za-z0-9_.*/:@-]{1,40}$/;

/**
 * `loc` up to its first key that may not be printed (a property name is the user's text too);
 * `cut` tells the message to say so. Indexes are the document's structure, never text: kept.
 */
export function placeShown(loc: readonly (string | number)[]): { loc: (string | number)[]; cut: boolean } {
  const i = loc.findIndex((seg) => typeof seg === 'string' && !keyShown(seg));
  return i < 0 ? { loc: [...loc], cut: false } : { loc: loc.slice(0, i), cut: true };
}

/**
 * A field name in the API's own style (`approval_threshold`, `max_concurrent_runs`, `soc2_controls`):
 * lowercase words joined by underscores, each word letters with at most a short number after them,
 * or a short number. Such a name may sit a little above the entropy bar of a value; a token of that
 * alphabet does not pass, because its random part mixes letters and digits (`shpat_` + 32 hex).
 */
const FIELD_NAME = /^[a-z]{1,24}[0-9]{0,3}(?:_(?:[a-z]{1,24}[0-9]{0,3}|[0-9]{1,4}))+$/;
const MAX_FIELD_ENTROPY = 4;

function keyShown(key: string): boolean {
  if (printable(key, KEY_SHAPE)) return true;
  return (
    key.length <= 40 &&
    FIELD_NAME.test(key) &&
    shannonEntropy(key) < MAX_FIELD_ENTROPY &&
    findCredentials(key).length === 0
  );
}

/** What is said after a place that placeShown() cut short. */
export const CUT_PLACE = ' (inside a key not repeated here)';

/** Schema text longer than this is said by its length: a message line, not a copy of the schema. */
export const MAX_SCHEMA_TEXT = 200;

/**
 * Whether a message may repeat `text` from an input_schema (a pattern, a format, an enum's value, a
 * key of `patternProperties`): schema text is the author's own rules, so it is shown (JSON-escaped:
 * one line, no control character) unless it looks like a credential (shown-value.ts's
 * looksLikeCredential, or a token the scanner knows) or is longer than MAX_SCHEMA_TEXT. The name
 * shape of mention() hid `^[A-Z]{2}-\d{4}$`, `date time` and `United States` as "a value of N
 * characters" (H14c-9).
 */
export function schemaTextShown(text: string): boolean {
  return (
    [...text].length <= MAX_SCHEMA_TEXT &&
    !looksLikeCredential(text) &&
    findCredentials(text).length === 0 &&
    !passwordLike(text)
  );
}

/**
 * A word of letters and digits mixing lower case, upper case and a digit (`Tr0ub4dor`, `Summer2024`):
 * how passwords are made, below looksLikeCredential's entropy bar, and no pattern's or enum value's
 * usual shape (`^[A-Z]{2}-\d{4}$` mixes them only across its tokens).
 */
function passwordLike(text: string): boolean {
  for (const [run] of text.matchAll(/[A-Za-z0-9]{6,}/g))
    if (/[a-z]/.test(run) && /[A-Z]/.test(run) && /[0-9]/.test(run)) return true;
  return false;
}

/** Each JSON string in a schema problem's words (`"…"`, escapes included): shown, or said by its length. */
export function schemaQuoted(message: string): string {
  return message.replace(/"((?:[^"\\]|\\.)*)"/g, (whole, inner: string) => {
    let text: string;
    try {
      text = JSON.parse(whole) as string;
    } catch {
      text = inner;
    }
    return schemaTextShown(text) ? JSON.stringify(text) : `a value of ${[...text].length} characters`;
  });
}

/** placeShown() for a place inside an input_schema: a key is cut only when schemaTextShown() refuses it. */
export function schemaPlaceShown(loc: readonly (string | number)[]): {
  loc: (string | number)[];
  cut: boolean;
} {
  const i = loc.findIndex((seg) => typeof seg === 'string' && !schemaTextShown(seg));
  return i < 0 ? { loc: [...loc], cut: false } : { loc: loc.slice(0, i), cut: true };
}
