import type { Ajv2020 as AjvType, ErrorObject } from 'ajv/dist/2020.js';
import { subschemas } from './input-schema-refs.js';

// What bounds the cost of validating one input against a schema already judged valid
// (lib/input-schema.ts): the schema's own size is bounded at create (input-schema-guards.ts), but
// two keywords cost more than the input's size. Ajv checks `uniqueItems` over objects or arrays by
// comparing every pair (40,000 items held the emulator's only thread for 12 s), and tests every
// `patternProperties` pattern against every key of an object (600 patterns and 20,000 keys, 2.25 s),
// each test costing up to its text's length times the pattern's compiled size. The first becomes linear: each item's canonical JSON in a Map. The second is bounded on the
// input's side, by a budget of pattern work per validation: a schema's worst case cannot be judged
// at create (the same 600 patterns are harmless against a 10-key input), and a cap on keys alone
// would still let 2,000 patterns (within the node bound) cost 2,000 tests per key.

/**
 * Pattern work one validation may do (`pattern`, `patternProperties`, `propertyNames`), in tests,
 * each costing one unit more per PATTERN_WORK_PER_UNIT of its text's length times its pattern's
 * compiled size (input-schema-pattern-size.ts). RE2JS runs a small pattern on its DFA (30 to 100 ns
 * a character, these machines), but falls back to stepping every instruction for every character
 * once the DFA's states outgrow its memory (a 2,000-instruction pattern: 270 µs a character), and
 * one test of 100 KB against 20,000 instructions took 61 s where the text's length alone charged
 * 12,501 units (H14c-7). So a budget of about 8 million characters times instructions: at most about
 * a second at the worst cost measured (135 ns each), 1,600 characters against MAX_PATTERN_SIZE, and
 * a 1 MiB string tested once against `^[a-z]+$` (4 instructions) about half of it.
 */
export const PATTERN_BUDGET = 1_000_000;
const PATTERN_WORK_PER_UNIT = 8;

/**
 * Subschema applications one validation may make, each costing one unit more per item or key of
 * the value it is applied to: every schema node may apply to every input node (300 `contains`
 * over 100,000 items took 14.6 s of CPU, 300 `dependentSchemas` over 50,000 keys 3.1 s), and
 * neither the schema's bound nor the input's size alone says so. About a second at the worst
 * per-unit cost measured (0.5 µs); a 1 MiB input of 20,000 five-field records against their
 * schema is about 250,000.
 */
export const APPLICATION_BUDGET = 2_000_000;
/** The keyword every subschema of the validator's copy carries: it charges each application. */
const COST_KEYWORD = 'x-fibonacci-cost';

/** Thrown from inside Ajv's generated code when an input exhausts a budget; caught by budgeted(). */
class TooCostly extends Error {}

const costly = (what: string) => ({
  loc: [] as (string | number)[],
  type: 'too_costly',
  msg: `checking this input against the input_schema takes more than ${what}; send a smaller input, or simplify the schema`,
});
/** What the validator reports in place of the violations when an input is too costly (at its root). */
export const TOO_COSTLY = costly(
  `${PATTERN_BUDGET.toLocaleString('en-US')} pattern tests (many keys under many patternProperties, or long strings under many or large patterns)`,
);
export const TOO_MUCH_WORK = costly(
  `${APPLICATION_BUDGET.toLocaleString('en-US')} steps (many subschemas applying to many items or keys)`,
);

/**
 * Input nodes times schema nodes past which only the first violation is listed. Ajv's allErrors
 * mode builds an error object for every failing pair before any cap applies: 300 `contains` (or an
 * `anyOf` of 300 `items`) over 100,000 items ran out of 3 GB. Listing stops being worth its cost
 * long before: a form's input of 1,000 values against a 100-node schema is 100,000.
 */
export const MAX_LISTING_WORK = 250_000;

/** Said after the first violation when listing every one would cost more than MAX_LISTING_WORK. */
export const ONLY_FIRST = {
  loc: [] as (string | number)[],
  type: 'first_violation_only',
  msg: 'only the first violation is listed: listing every one for an input this large against this input_schema costs too much',
};

/** Whether every violation of `input` may be listed against a schema of `schemaNodes` nodes. */
export function mayListEvery(input: unknown, schemaNodes: number): boolean {
  return (
    nodeCount(input, Math.floor(MAX_LISTING_WORK / Math.max(1, schemaNodes))) * schemaNodes <=
    MAX_LISTING_WORK
  );
}

/** The nodes of a JSON value (objects, arrays, scalars), counted up to `stopAt` + 1 at most. */
export function nodeCount(value: unknown, stopAt = Number.POSITIVE_INFINITY): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && count <= stopAt) {
    const v = stack.pop();
    count++;
    if (typeof v === 'object' && v !== null)
      for (const c of Array.isArray(v) ? v : Object.values(v)) stack.push(c);
  }
  return count;
}

let left = Number.POSITIVE_INFINITY;
let steps = Number.POSITIVE_INFINITY;
/** Each object's key count, counted once per validation: the charge must not cost what it bounds. */
let widths = new WeakMap<object, number>();

function keysOf(o: object): number {
  const known = widths.get(o);
  if (known !== undefined) return known;
  const n = Object.keys(o).length;
  widths.set(o, n);
  return n;
}

/** Run `validate` with both budgets armed (validation is synchronous: one at a time). */
export function budgeted<T>(validate: () => T[]): (T | typeof TOO_COSTLY)[] {
  left = PATTERN_BUDGET;
  steps = APPLICATION_BUDGET;
  try {
    return validate();
  } catch (e) {
    if (e instanceof TooCostly) return [{ ...(steps < 0 ? TOO_MUCH_WORK : TOO_COSTLY), loc: [] }];
    throw e;
  } finally {
    left = Number.POSITIVE_INFINITY;
    steps = Number.POSITIVE_INFINITY;
    widths = new WeakMap();
    canonicals = new WeakMap();
  }
}

/**
 * A copy of `schema` whose every subschema (an object: `true` and `false` cost nothing) carries
 * COST_KEYWORD, for the validator only: the schema judged, stored and shown is the user's own.
 */
export function instrumented(schema: unknown): unknown {
  if (typeof schema !== 'object' || schema === null) return schema;
  const copy: unknown = JSON.parse(JSON.stringify(schema));
  for (const { schema: s } of subschemas(copy)) s[COST_KEYWORD] = true;
  return copy;
}

/** Teach a validator COST_KEYWORD: each application charges 1 + the items or keys it meets. */
export function costKeyword(ajv: AjvType): void {
  ajv.addKeyword({
    keyword: COST_KEYWORD,
    schemaType: 'boolean',
    errors: false,
    validate: (_: boolean, data: unknown) => {
      steps -=
        1 +
        (Array.isArray(data) ? data.length : typeof data === 'object' && data !== null ? keysOf(data) : 0);
      if (steps < 0) throw new TooCostly();
      return true;
    },
  });
}

/** Charge one test on `text` of a pattern compiling to `size` instructions; throws TooCostly past the budget. */
export function chargePattern(text: string, size: number): void {
  left -= 1 + Math.floor((text.length * Math.max(1, size)) / PATTERN_WORK_PER_UNIT);
  if (left < 0) throw new TooCostly();
}

/**
 * Replace Ajv's `uniqueItems` in the validator with a linear one: the same verdict (deep equality,
 * key order aside) and the same error Ajv gives for items that are objects or arrays (the last item
 * equal to an earlier one, and the nearest such earlier item: `items ## j and i are identical`).
 */
export function linearUniqueItems(ajv: AjvType): void {
  ajv.removeKeyword('uniqueItems');
  const validate = Object.assign(
    (data: unknown): boolean => {
      const dup = Array.isArray(data) ? lastDuplicate(data) : undefined;
      if (dup === undefined) return true;
      const [j, i] = dup;
      validate.errors = [
        {
          keyword: 'uniqueItems',
          params: { i, j },
          message: `must NOT have duplicate items (items ## ${j} and ${i} are identical)`,
        },
      ];
      return false;
    },
    { errors: [] as Partial<ErrorObject>[] },
  );
  ajv.addKeyword({
    keyword: 'uniqueItems',
    type: 'array',
    schemaType: 'boolean',
    errors: true,
    // `uniqueItems: false` asks nothing.
    compile: (schema: boolean) => (schema ? validate : () => true),
  });
}

/**
 * Replace Ajv's `enum` in the validator with a lookup: the value's canonical JSON in a Set of the
 * allowed values'. Ajv deep-compares the value with every allowed one in turn: 600 objects in an
 * `items` enum against 100,000 items held the emulator for 16.7 s (H14c-10), and neither budget
 * counts those comparisons. The same verdict (deep equality, key order aside) and Ajv's error.
 * `const` is one comparison per application, which the step budget already counts.
 */
export function linearEnum(ajv: AjvType): void {
  ajv.removeKeyword('enum');
  ajv.addKeyword({
    keyword: 'enum',
    schemaType: 'array',
    errors: true,
    compile: (allowed: unknown[]) => {
      const keys = new Set(allowed.map(canonical));
      const validate = Object.assign(
        (data: unknown): boolean => {
          if (keys.has(canonicalOf(data))) return true;
          validate.errors = [
            {
              keyword: 'enum',
              params: { allowedValues: allowed },
              message: 'must be equal to one of the allowed values',
            },
          ];
          return false;
        },
        { errors: [] as Partial<ErrorObject>[] },
      );
      return validate;
    },
  });
}

/** Each object's canonical JSON, computed once per validation (many enums may meet one value). */
let canonicals = new WeakMap<object, string>();

function canonicalOf(value: unknown): string {
  if (typeof value !== 'object' || value === null) return canonical(value);
  const known = canonicals.get(value);
  if (known !== undefined) return known;
  const key = canonical(value);
  canonicals.set(value, key);
  return key;
}

/** The largest index whose item equals an earlier one, with the largest such earlier index. */
export function lastDuplicate(items: readonly unknown[]): [number, number] | undefined {
  const seen = new Map<string, number>();
  let found: [number, number] | undefined;
  items.forEach((item, k) => {
    const key = canonical(item);
    const before = seen.get(key);
    if (before !== undefined) found = [before, k];
    seen.set(key, k);
  });
  return found;
}

/** JSON with keys sorted at every level: equal for what fast-deep-equal (Ajv's) calls equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    const o = value as Record<string, unknown>;
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
