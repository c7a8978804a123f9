import { guardQuoted, mention, printable } from '../../lib/security-check/mention.js';

// What a 422 about a definition may say back. The definition is the user's text, and a token
// pasted into it (as a schema keyword, a format name, a property name, a node id) would come back
// whole in the answer, then in the CLI's output and a CI log. So the emulator words these problems
// as the scanner words its findings (mention.ts): a value is quoted only when it is name-shaped,
// low in entropy and holds no token, else said by its length; and a loc goes only as deep as its
// keys are printable.

/** The problem's words with every quoted value masked: `unknown keyword: a value of 40 characters`. */
export function reasonShown(reason: string): string {
  return guardQuoted(reason);
}

/** A value from the definition (a node id), quoted or said by its length. */
export function valueShown(value: string): string {
  return mention(value);
}

/** A key a loc may name: the name shape, and a schema's own `$schema`, `$defs`, `$ref`. */
const KEY_SHAPE = /^[$]?[A-Za-z0-9_.*/:@-]{1,40}$/;

/**
 * `loc` up to its first key that may not be printed; `cut` tells the message to say so. Indexes
 * are the request's own structure, never text, and always kept.
 */
export function placeShown(loc: readonly (string | number)[]): { loc: (string | number)[]; cut: boolean } {
  const i = loc.findIndex((seg) => typeof seg === 'string' && !printable(seg, KEY_SHAPE));
  return i < 0 ? { loc: [...loc], cut: false } : { loc: loc.slice(0, i), cut: true };
}
