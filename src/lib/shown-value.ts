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

/** Whether an error may repeat `value`. */
export function mayRepeat(value: string): boolean {
  for (const [part] of value.matchAll(PART)) {
    if (/[0-9]/.test(part) && /[A-Za-z]/.test(part) && shannonEntropy(part) >= MIN_ENTROPY) return false;
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
