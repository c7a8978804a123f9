import { guardQuoted, mention } from '../../lib/security-check/mention.js';

export { CUT_PLACE, placeShown } from '../../lib/security-check/mention.js';

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
