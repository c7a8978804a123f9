import type { Ajv2020 as AjvType, ErrorObject } from 'ajv/dist/2020.js';

// What bounds the cost of validating one input against a schema already judged valid
// (lib/input-schema.ts): the schema's own size is bounded at create (input-schema-guards.ts), but
// two keywords cost more than the input's size. Ajv checks `uniqueItems` over objects or arrays by
// comparing every pair (40,000 items held the emulator's only thread for 12 s), and tests every
// `patternProperties` pattern against every key of an object (600 patterns and 20,000 keys, 2.25 s).
// The first becomes linear: each item's canonical JSON in a Map. The second is bounded on the
// input's side, by a budget of pattern work per validation: a schema's worst case cannot be judged
// at create (the same 600 patterns are harmless against a 10-key input), and a cap on keys alone
// would still let 2,000 patterns (within the node bound) cost 2,000 tests per key.

/**
 * Pattern work one validation may do (`pattern`, `patternProperties`, `propertyNames`), in tests,
 * each costing one unit more per PATTERN_CHARS_PER_UNIT characters it reads: about 0.2 s of RE2JS on
 * these machines, while a 1 MiB input tested once per string or key stays far below it.
 */
export const PATTERN_BUDGET = 1_000_000;
const PATTERN_CHARS_PER_UNIT = 8;

/** Thrown from inside Ajv's generated code when an input exhausts the budget; caught by budgeted(). */
class TooCostly extends Error {}

/** What the validator reports in place of the violations when an input is too costly (at its root). */
export const TOO_COSTLY = {
  loc: [] as (string | number)[],
  type: 'too_costly',
  msg: `checking this input against the input_schema takes more than ${PATTERN_BUDGET.toLocaleString('en-US')} pattern tests (many keys under many patternProperties, or long strings under many patterns); send fewer keys, or simplify the schema`,
};

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

/** Run `validate` with the pattern budget armed (validation is synchronous: one at a time). */
export function budgeted<T>(validate: () => T[]): (T | typeof TOO_COSTLY)[] {
  left = PATTERN_BUDGET;
  try {
    return validate();
  } catch (e) {
    if (e instanceof TooCostly) return [{ ...TOO_COSTLY, loc: [] }];
    throw e;
  } finally {
    left = Number.POSITIVE_INFINITY;
  }
}

/** Charge one test of a pattern on `text`; throws TooCostly past the budget. */
export function chargePattern(text: string): void {
  left -= 1 + Math.floor(text.length / PATTERN_CHARS_PER_UNIT);
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
