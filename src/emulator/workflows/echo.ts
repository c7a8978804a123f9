import type { InputViolation } from '../../lib/input-schema.js';
import {
  CUT_PLACE,
  mention,
  placeShown,
  printable,
  schemaPlaceShown,
  schemaQuoted,
} from '../../lib/security-check/mention.js';

export { CUT_PLACE, placeShown, schemaPlaceShown };

// What a 422 about a definition may say back. The definition is the user's text, and a token
// pasted into it (as a schema keyword, a format name, a property name, a node id) would come back
// whole in the answer, then in the CLI's output and a CI log. So the emulator words these problems
// as the scanner words its findings (mention.ts): a value is quoted only when it is name-shaped,
// low in entropy and holds no token, else said by its length; and a loc goes only as deep as its
// keys are printable.

/**
 * An input_schema problem's words, each quoted part of the schema shown (JSON-escaped) unless it
 * looks like a credential: `unknown format "date time"`, `unknown keyword: a value of 40 characters`.
 */
export function reasonShown(reason: string): string {
  return schemaQuoted(reason);
}

/** A value from the definition (a node id), quoted or said by its length. */
export function valueShown(value: string): string {
  return mention(value);
}

/**
 * An input's violation as a 422 may give it back. Ajv names properties of the schema and of the
 * input in its words (`must have required property 'x'` in single quotes, `must have property x
 * when property y is present` in none) and in the loc it was given (the missing or extra key): each
 * is said only when name-shaped, the loc cut before a key that is not.
 */
export function violationShown(v: InputViolation): InputViolation {
  const place = placeShown(v.loc);
  const named = (name: string) => (printable(name) ? name : mention(name));
  // The double-quoted parts are the schema's (an enum's values, a pattern, a format), never the input's.
  let msg = schemaQuoted(v.msg).replace(/'([^']*)'/g, (_, inner: string) =>
    printable(inner) ? `'${inner}'` : mention(inner),
  );
  const dependent = /^must have propert(?:y|ies) (.+) when property (.+) is present$/.exec(v.msg);
  if (dependent) {
    const wanted = (dependent[1] as string).split(', ').map(named).join(', ');
    msg = `must have property ${wanted} when property ${named(dependent[2] as string)} is present`;
  }
  const requiredWhen = /^is required when property (.+) is present$/.exec(v.msg);
  if (requiredWhen) msg = `is required when property ${named(requiredWhen[1] as string)} is present`;
  return { ...v, loc: place.loc, msg: place.cut ? `${msg}${CUT_PLACE}` : msg };
}
