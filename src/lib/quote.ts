import { looksLikeCredential, shownPathBare } from './shown-value.js';

/** Quote a word for a POSIX shell when it needs it, so printed commands and `export` lines paste safely. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * A path for a printed command: shell-quoted, unless it holds a credential-looking run, which no
 * message repeats (shown-value.ts): then its length, and the command is the user's to complete.
 */
export function quotedPath(path: string): string {
  return looksLikeCredential(path) ? shownPathBare(path) : shellQuote(path);
}
