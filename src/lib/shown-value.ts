import { shannonEntropy } from './security-check/entropy.js';
import { wordPart } from './security-check/word-likeness.js';
import { isValidSecretName } from './validate.js';

// A value the user typed, repeated in an error. What lands in a name's or a flag's place by mistake
// is often a secret: `secret set API_KEY=ghp_…` (the NAME=VALUE form other CLIs take), a token
// pasted where its name goes, a password typed at the wrong prompt. The error goes to the
// terminal's scrollback and the CI log. No test tells a password from a typo (`kdhTwe-pQmbXa-ZtreHy`,
// `Tr0ub4dor&3` look like neither a token nor a word), so a NAME is repeated only when it has the
// shape names of its kind have (an allow-list), and anything else is described by its length. A
// path or a URL has no alphabet of its own: it is repeated unless it holds a credential-looking run.

/** What a refused name is; each kind has the alphabet its names are written in. */
export type NameKind =
  | 'command'
  | 'option'
  | 'secret'
  | 'environment'
  | 'scope'
  | 'event type'
  | 'workflow'
  | 'key'
  | 'value';

// The alphabet, not the rule: a name refused for its length or its first character is still named.
const SHAPES: Readonly<Record<NameKind, RegExp>> = {
  // A command or option word is lowercase (`secret`, `list-keys`); an option keeps its dashes.
  command: /^[a-z_][a-z0-9_-]{0,31}$/,
  option: /^(?:--[a-z][a-z0-9-]{0,31}|-[A-Za-z0-9])$/,
  // In one case, as the docs write them: API_KEY, db_password.
  secret: /^(?:[A-Z0-9_]{1,128}|[a-z0-9_]{1,128})$/,
  environment: /^[a-z0-9-]{1,64}$/,
  // `runs:read`, or a list of them as --scope takes it (`read, runs:execute`).
  scope: /^[a-z_:, ]{1,200}$/,
  // `workflow.created`, `api_key.revoked`, and the one upper-case type, DEVELOPER_SHELL_EXECUTED.
  'event type': /^(?:[a-z][a-z_.]{0,63}|[A-Z][A-Z_]{0,63})$/,
  workflow: /^[A-Za-z0-9_.-]{1,64}(?:\/[A-Za-z0-9_.-]{1,64}){0,7}$/,
  // A key's id or its name (`ci`, `deploy bot`): printable, as the API's rule has it.
  key: /^[\x20-\x7e]{1,100}$/,
  // A flag's value: a number, a duration, a time, a choice, a setting such as memory_mb=2048.
  value: /^[\x20-\x7e]{1,100}$/,
};

const KEY_ID = /^key_[0-9a-f]{24}$/;

const PART = /[A-Za-z0-9]{12,}/g;
const MIN_ENTROPY = 3.5;
// A UUID's groups joined by `-` or by `_` (`{{secrets.<uuid>}}` read as a name turns one into the other).
const UUID = /[0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12}/i;
const LETTERS = /[A-Za-z]{20,}/g;
/** Three or more short runs joined by `-` or `_`: how grouped keys are written (`Xk9m-Q2vL-8pR4-…`). */
const GROUPED = /[A-Za-z0-9]{2,11}(?:[-_][A-Za-z0-9]{2,11}){2,}/g;
/** How many of a grouped run's parts must be no word (a random group mixes digits into letters). */
const RANDOM_GROUPS = 3;

/**
 * A grouped run that is a key, not a name: 12+ letters and digits in all, mixing both, at least
 * three of its groups no word (wordPart: `q2vL`, `8pr4`; `prod`, `db`, `v2` and `2024` are words), and
 * its letters and digits as random as a credential's (the entropy bar). `prod-db-2-replica` and a
 * temporary directory's `fibonacci-demo-aB3xYz` stay names.
 */
function groupedKey(run: string): boolean {
  const parts = run.split(/[-_]/);
  const joined = parts.join('');
  return (
    joined.length >= 12 &&
    /[0-9]/.test(joined) &&
    /[A-Za-z]/.test(joined) &&
    parts.filter((p) => !wordPart(p)).length >= RANDOM_GROUPS &&
    shannonEntropy(joined) >= MIN_ENTROPY
  );
}

/**
 * Whether `value` holds what a credential looks like: a run of 12+ letters and digits mixing both,
 * random enough (the scanner's entropy bar); a UUID (the shape of Heroku's keys); short random groups
 * joined by `-` or `_` (groupedKey); or a long run of
 * letters in both cases, random (a letters-only password). The deny-list paths and URLs get; a
 * name gets it too, after its own shape (an upper-case AWS key id is in a secret name's alphabet).
 */
export function looksLikeCredential(value: string): boolean {
  for (const [part] of value.matchAll(PART)) {
    if (/[0-9]/.test(part) && /[A-Za-z]/.test(part) && shannonEntropy(part) >= MIN_ENTROPY) return true;
  }
  if (UUID.test(value)) return true;
  for (const [run] of value.matchAll(GROUPED)) if (groupedKey(run)) return true;
  for (const [run] of value.matchAll(LETTERS)) {
    if (/[a-z]/.test(run) && /[A-Z]/.test(run) && shannonEntropy(run) >= 4) return true;
  }
  return false;
}

/**
 * A word that mixes lower and upper case with a digit or a mark (`Tr0ub4dor&3`, `Summer2024!`,
 * `kdhTwe-pQmbXa`) is how passwords are made and how no name of ours is written: CamelCase
 * (`SupportTriage`) is letters only, and a time (`2026-01-23T09:00:00Z`) has no lower case.
 */
function mixedWithMarks(part: string): boolean {
  return /[a-z]/.test(part) && /[A-Z]/.test(part) && /[^A-Za-z]/.test(part);
}

/** Whether an error may repeat `value`, typed where a name of `kind` goes. */
export function mayShowName(value: string, kind: NameKind): boolean {
  // A key's id is random by design, and public: it is what list-keys prints.
  if (kind === 'key' && KEY_ID.test(value)) return true;
  // Nothing typed says nothing: `""` shows it.
  if (value === '') return true;
  if (!SHAPES[kind].test(value) || looksLikeCredential(value)) return false;
  // A workflow name's segments are each someone's word (`prod/SupportTriage`), checked alone.
  const parts = kind === 'workflow' ? value.split('/') : [value];
  return !parts.some(mixedWithMarks);
}

function described(value: string): string {
  return `(${[...value].length} characters, not repeated here)`;
}

/** `"value"` when it has the shape of a `kind` name, else `(N characters, not repeated here)`. */
export function shownName(value: string, kind: NameKind): string {
  return mayShowName(value, kind) ? `"${value}"` : described(value);
}

/** `value` itself, unquoted, when it has the shape of a `kind` name, else its length. */
export function shownNameBare(value: string, kind: NameKind): string {
  return mayShowName(value, kind) ? value : described(value);
}

/** A path or a URL, quoted, unless it holds a credential-looking run (then its length). */
export function shownPath(value: string): string {
  return looksLikeCredential(value) ? described(value) : `"${value}"`;
}

/** A path or a URL, unquoted, unless it holds a credential-looking run (then its length). */
export function shownPathBare(value: string): string {
  return looksLikeCredential(value) ? described(value) : value;
}

/**
 * A refused secret name as it may be repeated (`my-key`, `db.password`: a secret name but for its
 * `-`/`.`, by shown-value.ts's rule) and the upper-snake name it was likely meant to be (`MY_KEY`).
 */
export function meantSecretName(value: string): { shown?: string; hint?: string } {
  const snake = value.replace(/[-.]/g, '_');
  if (!mayShowName(snake, 'secret')) return {};
  const upper = snake.toUpperCase();
  return isValidSecretName(upper) ? { shown: value, hint: `did you mean ${upper}?` } : { shown: value };
}
