import type { ErrorObject } from 'ajv/dist/2020.js';
import { plural } from './display/plural.js';

// Ajv's errors in the words the tool says them, one sentence each: for an input_schema judged
// against the draft 2020-12 meta-schema (the gate's findings, the create's 422) and for an input
// judged against its input_schema (the run's 422) alike. Ajv's own words name neither the bad value
// nor the allowed ones (`must be equal to one of the allowed values`), name a missing property
// twice, in single quotes, and place it with a JSON pointer. A value quoted here ("objekt", an enum's
// values) comes from the schema: each consumer still masks what it prints (mention.ts). An input's
// own value is never repeated, only its kind (`must be a string, not a number`).

/** The seven types of JSON Schema, as the meta-schema's `simpleTypes` lists them. */
export const JSON_TYPES = ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string'] as const;

/** Values an `enum` sentence names before it says how many more there are. */
const MAX_NAMED = 10;

const TYPE_WORDS: Record<string, string> = {
  array: 'an array',
  boolean: 'a boolean (true or false)',
  integer: 'an integer',
  null: 'null',
  number: 'a number',
  object: 'an object',
  string: 'a string',
};

/** A value's kind, never the value: what an input held where another type was expected. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number with a fraction';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'boolean' ? 'a boolean' : (TYPE_WORDS[typeof value] ?? typeof value);
}

/** A value of a schema (an enum's, a const's) as a sentence names it: JSON for a scalar. */
function shown(value: unknown): string {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return JSON.stringify(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}

function listed(values: readonly unknown[]): string {
  const named = values.slice(0, MAX_NAMED).map(shown).join(', ');
  const more = values.length - MAX_NAMED;
  return more > 0 ? `${named} and ${more} more` : named;
}

function typeWords(types: unknown): string {
  const list = (Array.isArray(types) ? types : String(types).split(',')).map((t) => TYPE_WORDS[t] ?? `${t}`);
  return list.length <= 1
    ? (list[0] ?? 'of another type')
    : `${list.slice(0, -1).join(', ')} or ${list.at(-1)}`;
}

const COMPARED: Record<string, string> = {
  '>=': 'at least',
  '>': 'greater than',
  '<=': 'at most',
  '<': 'less than',
};

/** Whether `loc` is a schema's `type` (or one entry of a `type` list). */
function atType(loc: readonly (string | number)[]): boolean {
  const last = loc.at(-1);
  return last === 'type' || (typeof last === 'number' && loc.at(-2) === 'type');
}

/**
 * Ajv's error `e` as one sentence. `value` is what sits at the error's place (in the schema when
 * `within` is 'schema', in the input when 'input'); `loc` is that place.
 */
export function worded(
  e: ErrorObject,
  value: unknown,
  loc: readonly (string | number)[],
  within: 'schema' | 'input',
): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return within === 'input'
        ? 'is not a property the input_schema allows'
        : 'is not a keyword allowed here';
    case 'type':
      return `must be ${typeWords(p.type)}, not ${kindOf(value)}`;
    case 'enum': {
      const allowed = Array.isArray(p.allowedValues) ? p.allowedValues : [];
      if (within === 'schema' && atType(loc))
        return `${shown(value)} is not a JSON Schema type (${JSON_TYPES.join(', ')})`;
      return allowed.length === 1 ? `must be ${shown(allowed[0])}` : `must be one of ${listed(allowed)}`;
    }
    case 'const':
      return `must be ${shown(p.allowedValue)}`;
    case 'format': {
      const f = String(p.format);
      const named = JSON.stringify(f);
      // The contract's words, exactly (docs/api.md: "must match format \"email\"").
      return `must match format ${named}`;
    }
    case 'pattern':
      return `must match the pattern ${JSON.stringify(String(p.pattern))}`;
    case 'minLength':
      return `must be at least ${plural(Number(p.limit), 'character', 'characters')} long`;
    case 'maxLength':
      return `must be at most ${plural(Number(p.limit), 'character', 'characters')} long`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `must be ${COMPARED[String(p.comparison)] ?? String(p.comparison)} ${p.limit}`;
    case 'multipleOf':
      return `must be a multiple of ${p.multipleOf}`;
    case 'minItems':
      return `must have at least ${plural(Number(p.limit), 'item', 'items')}`;
    case 'maxItems':
    case 'unevaluatedItems':
    case 'additionalItems':
      return `must have at most ${plural(Number(p.limit), 'item', 'items')}`;
    case 'minProperties':
      return `must have at least ${plural(Number(p.limit), 'property', 'properties')}`;
    case 'maxProperties':
      return `must have at most ${plural(Number(p.limit), 'property', 'properties')}`;
    case 'uniqueItems': {
      // Ajv's own and the linear one name the pair in either order: the earlier first.
      const [i, j] = [Number(p.i), Number(p.j)].sort((x, y) => x - y);
      return `must not repeat an item (items ${i} and ${j} are equal)`;
    }
    case 'anyOf':
      return 'must match at least one of the schemas in anyOf (it matches none)';
    case 'oneOf':
      return Array.isArray(p.passingSchemas)
        ? `must match exactly one of the schemas in oneOf (it matches ${p.passingSchemas.length})`
        : 'must match exactly one of the schemas in oneOf (it matches none)';
    case 'not':
      return 'must not match the schema in not';
    case 'if':
      return `must match the schema in ${String(p.failingKeyword)} (its if matched)`;
    case 'contains':
      return `must have at least ${plural(Number(p.minContains ?? 1), 'item', 'items')} matching contains`;
    case 'false schema':
      return 'is not allowed here (its schema is false)';
    default:
      // dependentRequired keeps Ajv's sentence (it names the properties; echo.ts masks them); an
      // input's is said per missing property by input-violations.ts.
      return e.message ?? 'is not valid';
  }
}

/** A key a place may join with a dot: a name, never one holding `.`, `[`, a space, nor only digits. */
const DOTTED = /^[\p{L}_$][\p{L}\p{N}_$-]*$/u;

/**
 * A place as the user's path to it: `email`, `edges.0.to` (a number is an index), and a key that a
 * dot would make ambiguous in brackets, `input["a.b"]`, `m["0"]`. The CLI writes a 422's loc this
 * way and the gate its input_schema places, so both name one problem alike. Any part that is
 * neither a string nor an index is `[?]`, never stringified (a nested array would be walked).
 */
export function locPath(parts: readonly unknown[]): string {
  return parts
    .map((p, i) => {
      if (typeof p === 'number' && Number.isInteger(p) && p >= 0) return i === 0 ? String(p) : `.${p}`;
      if (typeof p === 'string' && DOTTED.test(p)) return i === 0 ? p : `.${p}`;
      return typeof p === 'string' ? `[${JSON.stringify(p)}]` : '[?]';
    })
    .join('');
}

/** The value at `loc` inside `root` (own keys only), undefined when there is none. */
export function valueAt(root: unknown, loc: readonly (string | number)[]): unknown {
  let at = root;
  for (const k of loc) {
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, k)) return undefined;
    at = (at as Record<string | number, unknown>)[k];
  }
  return at;
}
