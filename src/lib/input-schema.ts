import type { Ajv2020 as AjvType, ErrorObject } from 'ajv/dist/2020.js';

// A workflow's input_schema, for the scanner (`security check`) and the emulator alike: the one
// answer to "is this a valid input_schema" (api.md: draft 2020-12, else the create is 422) and the
// one validator of a run's input against it. Compiled by Ajv in strict mode, so an unknown keyword
// (a typo such as `requird`) is a problem too, not silently ignored; formats (`email`, `uri`,
// `date-time`…) from ajv-formats. Nothing is fetched: a `$ref` to another document cannot be
// resolved offline and is reported.

/** One problem in a schema: `loc` is relative to the schema, `message` has no value from the file. */
export interface SchemaProblem {
  loc: (string | number)[];
  message: string;
}

/** One way an input fails its schema: `loc` inside the input, ajv's words, ajv's keyword. */
export interface InputViolation {
  loc: (string | number)[];
  msg: string;
  type: string;
}

/** Validates one input; every violation (at most MAX_VIOLATIONS), none when it passes. */
export type InputValidator = (input: unknown) => InputViolation[];

/** Schemas bigger than this are not compiled (real ones have tens of nodes, not thousands). */
export const MAX_SCHEMA_NODES = 10_000;
/** Violations reported for one input: a hostile input must not make an answer without bound. */
export const MAX_VIOLATIONS = 50;
/** Distinct schemas whose verdict is remembered (a long-running emulator sees unbounded many). */
const MAX_VERDICTS = 256;

// Two instances: the checker stops at the first problem (its verdict is the scanner's finding and
// the create's 422), the validator lists every violation of an input.
let checker: AjvType | undefined;
let validator: AjvType | undefined;
const verdicts = new Map<string, SchemaProblem | null>();

// A CommonJS module seen from ESM (vitest) has its exports under `default`; through esbuild's
// require() it does not: take the class from either.
const interop = <T>(m: unknown): T => ((m as { default?: T }).default ?? m) as T;

async function newAjv(allErrors: boolean): Promise<AjvType> {
  const Ajv2020 = interop<typeof AjvType>((await import('ajv/dist/2020.js')).default);
  const addFormats = interop<(a: AjvType) => AjvType>((await import('ajv-formats')).default);
  const ajv = new Ajv2020({ strict: true, allErrors });
  addFormats(ajv);
  return ajv;
}

/**
 * Load Ajv on first need (not at the top of the module: `--help` and scans without a schema must
 * not pay for it; the bundle keeps it external), then reuse it.
 */
export async function loadSchemaChecker(): Promise<(schema: unknown) => SchemaProblem | null> {
  checker ??= await newAjv(false);
  return checkSchema;
}

/**
 * Load the validator, then: compile a schema already judged valid (loadSchemaChecker) into a
 * function that lists how an input fails it. Callers cache what this returns (compiling is the
 * expensive part); Ajv itself keeps nothing, so a schema compiled once costs no memory once dropped.
 */
export async function loadInputCompiler(): Promise<(schema: unknown) => InputValidator> {
  checker ??= await newAjv(false);
  validator ??= await newAjv(true);
  const ajv = validator;
  return (schema) => {
    const problem = checkSchema(schema);
    if (problem) throw new Error(problem.message);
    try {
      const validate = ajv.compile(schema as object);
      return (input) => (validate(input) ? [] : violations(validate.errors ?? []));
    } finally {
      // Forget it in Ajv (its cache is keyed by the object and its $id): two workflows may share an id.
      if (typeof schema === 'object') ajv.removeSchema(schema as object);
    }
  };
}

function violations(errors: ErrorObject[]): InputViolation[] {
  return errors.slice(0, MAX_VIOLATIONS).map((e) => {
    const loc = pointerToLoc(e.instancePath);
    // A missing or extra property is reported on its parent; the user looks for the property.
    const p = e.params as { missingProperty?: unknown; additionalProperty?: unknown };
    if (e.keyword === 'required' && typeof p.missingProperty === 'string') loc.push(p.missingProperty);
    if (e.keyword === 'additionalProperties' && typeof p.additionalProperty === 'string')
      loc.push(p.additionalProperty);
    return { loc, msg: e.message ?? 'is not valid', type: e.keyword };
  });
}

function pointerToLoc(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

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
  if (verdicts.size >= MAX_VERDICTS) verdicts.delete(verdicts.keys().next().value as string);
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
  if (!checker) throw new Error('loadSchemaChecker() first');
  const a = checker;
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
