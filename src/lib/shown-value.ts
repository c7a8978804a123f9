import { shannonEntropy } from './security-check/entropy.js';

// A value the user typed, repeated in an error. What lands in a name's or a flag's place by mistake
// is often a secret: `secret set API_KEY=ghp_…` (the NAME=VALUE form other CLIs take), a token
// pasted where its name goes, a value after the wrong flag. The error goes to the terminal's
// scrollback and the CI log, so a value is not repeated when it holds what a credential looks like:
// between separators, a run of 12 or more letters and digits mixing both, random enough (the
// scanner's entropy bar). A mistyped word, a setting (`approval_threshold=-1`), a path or a number
// is repeated as before.

const PART = /[A-Za-z0-9]{12,}/g;
const MIN_ENTROPY = 3.5;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const LETTERS = /[A-Za-z]{20,}/g;

/**
 * Whether an error may repeat `value`. Not when it holds a run of 12+ letters and digits mixing
 * both, random enough; a UUID (the shape of Heroku's keys); or a long run of letters in both cases,
 * random (a letters-only password). A heuristic: where the value has a short alphabet of its own (a
 * secret or environment name), a refusal does not repeat it at all.
 */
export function mayRepeat(value: string): boolean {
  for (const [part] of value.matchAll(PART)) {
    if (/[0-9]/.test(part) && /[A-Za-z]/.test(part) && shannonEntropy(part) >= MIN_ENTROPY) return false;
  }
  if (UUID.test(value)) return false;
  for (const [run] of value.matchAll(LETTERS)) {
    if (/[a-z]/.test(run) && /[A-Z]/.test(run) && shannonEntropy(run) >= 4) return false;
  }
  return true;
}

/** `"value"` when it may be repeated, else `(N characters, not repeated here)`. */
export function shownValue(value: string): string {
  return mayRepeat(value) ? `"${value}"` : `(${[...value].length} characters, not repeated here)`;
}

/** `value` itself, unquoted, when it may be repeated, else `(N characters, not repeated here)`. */
export function shownBare(value: string): string {
  return mayRepeat(value) ? value : `(${[...value].length} characters, not repeated here)`;
}
