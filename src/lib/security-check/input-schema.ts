import type { Ajv2020 as AjvType } from 'ajv/dist/2020.js';

// Is a workflow's input_schema a valid JSON Schema? Draft 2020-12, else the server refuses
// the workflow with 422. Compiled by Ajv in strict mode, so an unknown keyword (a typo such as
// `requird`) is a finding too, not silently ignored. Nothing is fetched: a `$ref` to another
// document cannot be resolved offline and is reported.

/** One problem in a schema: `loc` is relative to the schema, `message` has no value from the file. */
export interface SchemaProblem {
  loc: (string | number)[];
  message: string;
}

let ajv: AjvType | undefined;
// Workflows of one project share schemas: compile each distinct one once.
const verdicts = new Map<string, SchemaProblem | null>();

// A CommonJS module seen from ESM (vitest) has its exports under `default`; through esbuild's
// require() it does not: take the class from either.
const interop = <T>(m: unknown): T => ((m as { default?: T }).default ?? m) as T;

/**
 * Load Ajv on first need (not at the top of the module: `--help` and scans without a schema must
 * not pay for it; the bundle keeps it external), then reuse it.
 */
export async function loadSchemaChecker(): Promise<(schema: unknown) => SchemaProblem | null> {
  if (!ajv) {
    const Ajv2020 = interop<typeof AjvType>((await import('ajv/dist/2020.js')).default);
    const addFormats = interop<(a: AjvType) => AjvType>((await import('ajv-formats')).default);
    ajv = new Ajv2020({ strict: true, allErrors: false });
    addFormats(ajv);
  }
  return checkSchema;
}

function compiler(): AjvType {
  if (!ajv) throw new Error('loadSchemaChecker() first');
  return ajv;
}

function pointerToLoc(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** Schemas bigger than this are not compiled (real ones have tens of nodes, not thousands). */
export const MAX_SCHEMA_NODES = 10_000;

/**
 * Whether a value has more than `limit` nodes, counting a shared one each time it is reached: YAML
 * aliases make a small file a huge tree (a "billion laughs"), which serialising or compiling would
 * expand. Stops as soon as the count passes the limit.
 */
function exceeds(value: unknown, limit: number): boolean {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (++count > limit) return true;
    if (typeof v === 'object' && v !== null) stack.push(...(Array.isArray(v) ? v : Object.values(v)));
  }
  return false;
}

/** The first problem with `schema` as a draft 2020-12 JSON Schema, or null when it is valid. */
function checkSchema(schema: unknown): SchemaProblem | null {
  if (exceeds(schema, MAX_SCHEMA_NODES))
    return {
      loc: [],
      message: `input_schema has more than ${MAX_SCHEMA_NODES} nodes (aliases counted each time they are used); not compiled`,
    };
  const key = JSON.stringify(schema);
  const cached = verdicts.get(key);
  if (cached !== undefined) return cached;
  const verdict = judge(schema);
  verdicts.set(key, verdict);
  return verdict;
}

function judge(schema: unknown): SchemaProblem | null {
  if (
    typeof schema !== 'boolean' &&
    (typeof schema !== 'object' || schema === null || Array.isArray(schema))
  ) {
    return { loc: [], message: 'input_schema must be a JSON Schema object' };
  }
  const a = compiler();
  if (!a.validateSchema(schema as object)) {
    const e = a.errors?.[0];
    const where = e?.instancePath ?? '';
    return {
      loc: pointerToLoc(where),
      message: `input_schema${where}: ${e?.message ?? 'is not a valid schema'}`,
    };
  }
  try {
    a.compile(schema as object);
    return null;
  } catch (e) {
    const text = (e as Error).message.split('\n')[0] ?? 'cannot be compiled';
    return { loc: [], message: `input_schema: ${text}` };
  } finally {
    a.removeSchema();
  }
}
