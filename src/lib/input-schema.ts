import type { Ajv2020 as AjvType, ErrorObject } from 'ajv/dist/2020.js';
import { tooBig, unsafePattern } from './input-schema-guards.js';

export { MAX_SCHEMA_DEPTH, MAX_SCHEMA_NODES } from './input-schema-guards.js';

// A workflow's input_schema, for the scanner (`security check`) and the emulator alike: the one
// answer to "is this a valid input_schema" (docs/api.md: draft 2020-12, else the create is 422) and the
// one validator of a run's input against it. Compiled by Ajv in strict mode, so an unknown keyword
// (a typo such as `requird`) is a problem too, not silently ignored; formats (`email`, `uri`,
// `date-time`…) from ajv-formats. Nothing is fetched: a `$ref` to another document cannot be
// resolved offline and is reported.

/**
 * One problem in a schema: `loc` is relative to the schema; `message` is `input_schema<place>: <reason>`
 * (the scanner's finding); `reason` is the same words without the place, which the emulator's 422
 * gives beside its own loc. Ajv's words may quote the schema's keywords, formats and paths: each
 * consumer masks what it prints.
 */
export interface SchemaProblem {
  loc: (string | number)[];
  message: string;
  reason: string;
}

/** One way an input fails its schema: `loc` inside the input, ajv's words, ajv's keyword. */
export interface InputViolation {
  loc: (string | number)[];
  msg: string;
  type: string;
}

/** Validates one input; every violation (at most MAX_VIOLATIONS), none when it passes. */
export type InputValidator = (input: unknown) => InputViolation[];

/** Violations reported for one input: a hostile input must not make an answer without bound. */
export const MAX_VIOLATIONS = 50;
/** Distinct schemas whose verdict is remembered (a long-running emulator sees unbounded many). */
const MAX_VERDICTS = 256;

// Two instances: the checker stops at the first problem (its verdict is the scanner's finding and
// the create's 422), the validator lists every violation of an input.
let checker: AjvType | undefined;
let validator: AjvType | undefined;
let isSafeRegex: ((re: string) => boolean) | undefined;
const verdicts = new Map<string, SchemaProblem | null>();

// A CommonJS module seen from ESM (vitest) has its exports under `default`; through esbuild's
// require() it does not: take the class from either.
const interop = <T>(m: unknown): T => ((m as { default?: T }).default ?? m) as T;

async function newAjv(allErrors: boolean): Promise<AjvType> {
  const Ajv2020 = interop<typeof AjvType>((await import('ajv/dist/2020.js')).default);
  const addFormats = interop<(a: AjvType) => AjvType>((await import('ajv-formats')).default);
  const { RE2JS } = interop<typeof import('re2js')>(await import('re2js'));
  // Patterns (`pattern`, `patternProperties`, `propertyNames`) come from whoever wrote the schema:
  // they run on RE2's linear-time engine, never on V8's backtracking one, so no pattern the guard
  // below misses (`^(a|a)*$`) can hold the emulator for minutes. Lookaround and backreferences,
  // which RE2 cannot do in linear time, make the schema invalid at create.
  const regExp = Object.assign(
    (pattern: string) => {
      const re = RE2JS.compile(RE2JS.translateRegExp(pattern));
      // Ajv keys its compiled patterns by toString(): each must name its own pattern.
      return { test: (text: string) => re.test(text), toString: () => `/${pattern}/re2` };
    },
    // What Ajv's standalone code would require; this module never generates standalone code.
    { code: 'require("re2js").RE2JS' },
  );
  const ajv = new Ajv2020({ strict: true, allErrors, code: { regExp } });
  addFormats(ajv);
  return ajv;
}

/** Load Ajv on first need (`--help` and scans without a schema must not pay for it), then reuse it. */
export async function loadSchemaChecker(): Promise<(schema: unknown) => SchemaProblem | null> {
  checker ??= await newAjv(false);
  if (!isSafeRegex) {
    const safe = interop<(re: string) => boolean>((await import('safe-regex2')).default);
    // A pattern that is no regular expression at all is Ajv's to report, not this check's.
    isSafeRegex = (re) => {
      try {
        return safe(re);
      } catch {
        return true;
      }
    };
  }
  return checkSchema;
}

/**
 * Load the validator, then: compile a schema already judged valid (loadSchemaChecker) into a
 * function that lists how an input fails it. Callers cache what this returns (compiling is the
 * expensive part); Ajv itself keeps nothing, so a schema compiled once costs no memory once dropped.
 */
export async function loadInputCompiler(): Promise<(schema: unknown) => InputValidator> {
  await loadSchemaChecker();
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

/** The first problem with `schema` as a draft 2020-12 JSON Schema, or null when it is valid. */
function checkSchema(schema: unknown): SchemaProblem | null {
  const size = tooBig(schema);
  if (size) return { loc: [], message: size, reason: size };
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
    const reason = 'input_schema must be a JSON Schema object';
    return { loc: [], message: reason, reason };
  }
  if (!checker || !isSafeRegex) throw new Error('loadSchemaChecker() first');
  const a = checker;
  const unsafe = unsafePattern(schema, isSafeRegex);
  if (unsafe) {
    const where = unsafe.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
    const reason = 'a pattern with nested repetition can take exponential time; not compiled';
    return { loc: unsafe, message: `input_schema${where}: ${reason}`, reason };
  }
  const dialect = metaSchemaProblem(schema);
  if (dialect) return dialect;
  let valid: boolean;
  try {
    valid = a.validateSchema(schema as object) as boolean;
  } catch {
    // Ajv throws (rather than answering false) on a meta-schema it cannot find, and its words
    // quote the file; whatever it throws on here is the schema's problem, said without its text.
    return rootProblem('is not a valid draft 2020-12 schema');
  }
  if (!valid) {
    const e = a.errors?.[0];
    const where = e?.instancePath ?? '';
    const reason = e?.message ?? 'is not a valid schema';
    return { loc: pointerToLoc(where), message: `input_schema${where}: ${reason}`, reason };
  }
  try {
    a.compile(schema as object);
    return null;
  } catch (e) {
    // Ajv quotes keyword and format names (kept: "unknown keyword: \"requird\"" is the fix), but
    // an unresolved $ref is quoted whole, and a URL may carry a password: said without it.
    if (typeof e === 'object' && e !== null && 'missingRef' in e)
      return rootProblem('a $ref names no schema inside this one (nothing is fetched)');
    return rootProblem((e as Error).message.split('\n')[0] ?? 'cannot be compiled');
  } finally {
    a.removeSchema();
  }
}

/** The one dialect Ajv2020 is loaded with; its id with or without the empty fragment. */
export const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema';

/** A root `$schema` naming another dialect (Ajv would throw); its value is the file's text, unquoted. */
function metaSchemaProblem(schema: unknown): SchemaProblem | null {
  if (typeof schema !== 'object' || schema === null) return null;
  const meta = (schema as { $schema?: unknown }).$schema;
  if (meta === undefined || meta === DRAFT_2020_12 || meta === `${DRAFT_2020_12}#`) return null;
  const reason = `only draft 2020-12 is supported (${DRAFT_2020_12}, or no $schema)`;
  return { loc: ['$schema'], message: `input_schema/$schema: ${reason}`, reason };
}

/** A problem of the schema as a whole (Ajv's compile errors name no place we could trust). */
function rootProblem(reason: string): SchemaProblem {
  return { loc: [], message: `input_schema: ${reason}`, reason };
}
