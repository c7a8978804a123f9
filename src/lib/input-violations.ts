import type { ErrorObject } from 'ajv/dist/2020.js';
import { plural } from './display/plural.js';
import { valueAt, worded } from './input-schema-words.js';

// How Ajv's errors for one input become what a user reads: each at its place in the input (`loc`),
// at most MAX_VIOLATIONS of them (lib/input-schema.ts validates).

/** One way an input fails its schema: `loc` inside the input, its sentence (input-schema-words.ts), ajv's keyword. */
export interface InputViolation {
  loc: (string | number)[];
  msg: string;
  type: string;
}

/** Violations listed for one input: a hostile one must not make an answer without bound. */
export const MAX_VIOLATIONS = 50;
export const MORE_VIOLATIONS = 'too_many_violations';

/** Ajv's errors as violations, at most MAX_VIOLATIONS, the last then saying how many more there are. */
export function violations(all: ErrorObject[], input: unknown): InputViolation[] {
  // A property name that fails propertyNames is one violation: Ajv adds "property name must be
  // valid" after the name's own errors, at the same place. Said once, by what the name fails.
  const named = new Set(all.filter(isNameError).map((e) => `${e.instancePath}\u0000${e.propertyName}`));
  const errors = all.filter(
    (e) =>
      !(
        e.keyword === 'propertyNames' &&
        named.has(`${e.instancePath}\u0000${(e.params as { propertyName?: unknown }).propertyName}`)
      ),
  );
  const listed = errors.slice(0, MAX_VIOLATIONS).map((e) => {
    const loc = pointerToLoc(e.instancePath, input);
    let msg = worded(e, isNameError(e) ? e.propertyName : valueAt(input, loc), loc, 'input');
    // A missing or extra property is reported on its parent; the user looks for the property.
    const p = e.params as { missingProperty?: unknown; additionalProperty?: unknown; property?: unknown };
    if (e.keyword === 'required' && typeof p.missingProperty === 'string') loc.push(p.missingProperty);
    if (e.keyword === 'additionalProperties' && typeof p.additionalProperty === 'string')
      loc.push(p.additionalProperty);
    // One error per missing property, each in Ajv's words naming them all: one line each, twice
    // the same. Each is placed at its property instead, as a missing required one is.
    if (e.keyword === 'dependentRequired' && typeof p.missingProperty === 'string') {
      loc.push(p.missingProperty);
      msg = `is required when property ${String(p.property)} is present`;
    }
    if (isNameError(e)) {
      loc.push(e.propertyName);
      msg = `its name ${msg}`;
    }
    return { loc, msg, type: e.keyword };
  });
  const more = errors.length - listed.length;
  if (more > 0)
    listed.push({
      loc: [],
      msg: `and ${plural(more, 'more violation')}, not listed`,
      type: MORE_VIOLATIONS,
    });
  return listed;
}

/** An error of a property's name (inside propertyNames): Ajv names the property beside it. */
function isNameError(e: ErrorObject): e is ErrorObject & { propertyName: string } {
  return typeof e.propertyName === 'string' && e.keyword !== 'propertyNames';
}

/** A JSON pointer into `root` as a loc: an index only where `root` has an array ("0" may be a key). */
export function pointerToLoc(pointer: string, root: unknown): (string | number)[] {
  if (pointer === '') return [];
  let at = root;
  return pointer
    .split('/')
    .slice(1)
    .map((s) => {
      const key = s.replace(/~1/g, '/').replace(/~0/g, '~');
      const index = Array.isArray(at) && /^\d+$/.test(key);
      at = typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[key] : undefined;
      return index ? Number(key) : key;
    });
}
