import { createHash } from 'node:crypto';
import type { Ajv2020 as AjvType, ValidateFunction } from 'ajv/dist/2020.js';
import { pushAll } from './arrays.js';
import {
  budgeted,
  chargePattern,
  costKeyword,
  instrumented,
  linearEnum,
  linearUniqueItems,
  mayListEvery,
  nodeCount,
  ONLY_FIRST,
} from './input-schema-costs.js';
import { unsupportedDynamicRefs } from './input-schema-dynamic.js';
import {
  capped,
  compileProblem,
  ENDLESS_REF,
  MANY_REPETITIONS,
  MISSING_REF,
  metaSchemaProblem,
  NESTED_REPETITION,
  NOT_A_PATTERN,
  NOT_LINEAR,
  patternProblems,
  placed,
  rootLevel,
  rootProblem,
  type SchemaProblem,
  standardWords,
  tooBig,
  unknownWords,
} from './input-schema-guards.js';
import { patternSize } from './input-schema-pattern-size.js';
import { danglingRefs, endlessRef } from './input-schema-refs.js';
import { valueAt, worded } from './input-schema-words.js';
import { type InputViolation, pointerToLoc, violations } from './input-violations.js';

export {
  DRAFT_2020_12,
  ENDLESS_REF,
  MAX_SCHEMA_DEPTH,
  MAX_SCHEMA_NODES,
  MAX_SCHEMA_PROBLEMS,
  type SchemaProblem,
} from './input-schema-guards.js';
export type { InputViolation } from './input-violations.js';
export { MAX_VIOLATIONS, MORE_VIOLATIONS } from './input-violations.js';

// A workflow's input_schema, for the scanner (`security check`) and the emulator alike: the one
// answer to "is this a valid input_schema" (docs/api.md: draft 2020-12, else the create is 422) and the
// one validator of a run's input against it. Compiled by Ajv in strict mode, so an unknown keyword
// (a typo such as `requird`) is a problem too, not silently ignored; formats (`email`, `uri`,
// `date-time`…) from ajv-formats. Nothing is fetched: a `$ref` to another document cannot be
// resolved offline and is reported.

/**
 * Validates one input; every violation, none when it passes. Beyond MAX_VIOLATIONS, the last item
 * says how many more there are (type MORE_VIOLATIONS, at the input's root).
 */
export type InputValidator = (input: unknown) => InputViolation[];

/** Every problem with a schema as an input_schema, in the schema's order; none when it is valid. */
export type SchemaChecker = (schema: unknown) => SchemaProblem[];

/** Distinct schemas whose verdict is remembered (a long-running emulator sees unbounded many). */
const MAX_VERDICTS = 256;

// Two instances: the checker judges schemas (every problem: the scanner's findings and the create's
// 422), the validator lists every violation of an input. The checker logs, rather than throws, what
// strict mode refuses (an unknown keyword), so that each is a problem of its own.
//
// Each is replaced after COMPILES_PER_INSTANCE compiles: Ajv keeps what every compile generated
// (each schema object, its patterns and functions) in the instance's scope, and removeSchema() does
// not clear it, so one instance for the life of an emulator held every schema ever sent to it (300
// creates of a schema with a 900 KB description: out of a 160 MB heap). A function already compiled
// keeps what it needs and works on after its instance is dropped.
const COMPILES_PER_INSTANCE = 64;

class Recycled {
  private ajv: AjvType | undefined;
  private uses = 0;
  constructor(private readonly make: () => AjvType) {}
  /** The instance for one more compile (a fresh one every COMPILES_PER_INSTANCE). */
  next(): AjvType {
    if (!this.ajv || ++this.uses > COMPILES_PER_INSTANCE) {
      this.ajv = this.make();
      this.uses = 1;
    }
    return this.ajv;
  }
}

let checker: Recycled | undefined;
let validator: Recycled | undefined;
let quick: Recycled | undefined;
let patternRefusal: ((re: string) => string | undefined) | undefined;
const verdicts = new Map<string, SchemaProblem[]>();
let strictWarnings: string[] = [];
const collect = { log() {}, warn: (m: unknown) => strictWarnings.push(String(m)), error() {} };

// A CommonJS module seen from ESM (vitest) has its exports under `default`; through esbuild's
// require() it does not: take the class from either.
const interop = <T>(m: unknown): T => ((m as { default?: T }).default ?? m) as T;

interface AjvModules {
  Ajv2020: typeof AjvType;
  addFormats: (a: AjvType) => AjvType;
  RE2JS: typeof import('re2js').RE2JS;
  domainToASCII: (domain: string) => string;
}
let modules: AjvModules | undefined;

/** Ajv and what it is given, imported on first need. */
async function loadModules(): Promise<AjvModules> {
  modules ??= {
    Ajv2020: interop<typeof AjvType>((await import('ajv/dist/2020.js')).default),
    addFormats: interop<(a: AjvType) => AjvType>((await import('ajv-formats')).default),
    RE2JS: interop<typeof import('re2js')>(await import('re2js')).RE2JS,
    domainToASCII: (await import('node:url')).domainToASCII,
  };
  return modules;
}

function newAjv(m: AjvModules, judging: boolean, allErrors = true): AjvType {
  const { Ajv2020, addFormats, RE2JS } = m;
  // Patterns (`pattern`, `patternProperties`, `propertyNames`) come from whoever wrote the schema:
  // they run on RE2's linear-time engine, never on V8's backtracking one, so no pattern the guard
  // below misses (`^(a|a)*$`) can hold the emulator for minutes. Lookaround and backreferences,
  // which RE2 cannot do in linear time, make the schema invalid at create.
  const regExp = Object.assign(
    (pattern: string) => {
      const re = RE2JS.compile(RE2JS.translateRegExp(pattern));
      const size = patternSize(pattern);
      // Ajv keys its compiled patterns by toString(): each must name its own pattern.
      const test = (text: string) => {
        // The validator's tests are charged to the input's budget, by the text's length times
        // the pattern's size (input-schema-costs.ts).
        if (!judging) chargePattern(text, size);
        return re.test(text);
      };
      return { test, toString: () => `/${pattern}/re2` };
    },
    // What Ajv's standalone code would require; this module never generates standalone code.
    { code: 'require("re2js").RE2JS' },
  );
  const ajv = new Ajv2020({
    strict: true,
    allErrors,
    code: { regExp },
    // Judging, each refusal of strict mode is logged rather than thrown, so that each is a problem
    // of its own (a throw named the first alone).
    ...(judging
      ? {
          strictSchema: 'log' as const,
          strictTypes: 'log' as const,
          strictTuples: 'log' as const,
          strictRequired: 'log' as const,
          logger: collect,
        }
      : {}),
  });
  addFormats(ajv);
  standardWords(ajv, m.domainToASCII);
  if (!judging) {
    linearUniqueItems(ajv);
    linearEnum(ajv);
    costKeyword(ajv);
  }
  return ajv;
}

/** Load Ajv on first need (`--help` and scans without a schema must not pay for it), then reuse it. */
export async function loadSchemaChecker(): Promise<SchemaChecker> {
  const m = await loadModules();
  checker ??= new Recycled(() => newAjv(m, true));
  if (!patternRefusal) {
    type Safe = (re: string, options?: { limit?: number }) => boolean;
    const safe = interop<Safe>((await import('safe-regex2')).default);
    const { RE2JS } = interop<typeof import('re2js')>(await import('re2js'));
    const runs = (re: string) => {
      try {
        RE2JS.compile(RE2JS.translateRegExp(re));
        return true;
      } catch {
        return false;
      }
    };
    const ecma = (re: string) => {
      try {
        new RegExp(re, 'u'); // compiled, never run
        return true;
      } catch {
        return false;
      }
    };
    // safe-regex2 answers false for a pattern it cannot parse as well as for an unsafe one: each
    // refusal is told by what it is, never "nested repetition" for a `[` left open. A pattern RE2
    // runs and safe-regex2 passes is accepted, as before.
    patternRefusal = (re) => {
      if (!runs(re)) return ecma(re) ? NOT_LINEAR : NOT_A_PATTERN;
      if (safe(re)) return undefined;
      if (!ecma(re)) return NOT_A_PATTERN;
      return safe(re, { limit: Number.POSITIVE_INFINITY }) ? MANY_REPETITIONS : NESTED_REPETITION;
    };
  }
  return checkSchema;
}

/**
 * Load the validator, then: compile a schema already judged valid (loadSchemaChecker) into a
 * function that lists how an input fails it. Callers cache what this returns (compiling is the
 * expensive part); the instances that compile them are replaced now and then (Recycled), so a
 * schema compiled once costs no memory once its function is dropped.
 */
export async function loadInputCompiler(): Promise<(schema: unknown) => InputValidator> {
  await loadSchemaChecker();
  const m = await loadModules();
  validator ??= new Recycled(() => newAjv(m, false));
  const fullPass = validator;
  quick ??= new Recycled(() => newAjv(m, false, false));
  const first = quick;
  return (schema) => {
    const [problem] = checkSchema(schema);
    if (problem) throw new Error(problem.message);
    // A first pass stops at the first error (cheap whatever the input); only an input that fails
    // it and is small enough against this schema is validated again for every violation.
    const charged = instrumented(schema);
    const validate = compiled(first.next(), charged);
    const weight = nodeCount(schema);
    let every: ValidateFunction | undefined;
    return (input) => {
      try {
        return budgeted(() => {
          if (validate(input)) return [];
          if (!mayListEvery(input, weight)) return [...violations(validate.errors ?? [], input), ONLY_FIRST];
          every ??= compiled(fullPass.next(), charged);
          return every(input) ? [] : violations(every.errors ?? [], input);
        });
      } catch (e) {
        // A recursion the create's check did not foresee: the schema's fault, in fixed words.
        if (e instanceof RangeError) return [{ loc: [], msg: ENDLESS_REF, type: 'schema_error' }];
        throw e;
      }
    };
  };
}

/**
 * `schema` compiled by `ajv`, then everything it registered forgotten there: its root and every
 * embedded `$id` (removeSchema(schema) drops the root's alone, and a nested `$id` left behind made
 * another workflow's compile of the same id throw "already exists"). Two workflows, of any users,
 * may share an id; each compile sees only the meta-schemas. The function keeps what it resolved.
 */
function compiled(ajv: AjvType, schema: unknown): ValidateFunction {
  try {
    return ajv.compile(schema as object);
  } finally {
    ajv.removeSchema();
  }
}

/** Every problem with `schema` as a draft 2020-12 JSON Schema (at most MAX_SCHEMA_PROBLEMS listed). */
function checkSchema(schema: unknown): SchemaProblem[] {
  const size = tooBig(schema);
  if (size) return [{ loc: [], message: size, reason: size }];
  // Keyed by a digest, never the text: a schema of 2,000 nodes may still hold a megabyte of
  // descriptions, and 256 such keys held half a gigabyte of the emulator's memory.
  const key = createHash('sha256').update(JSON.stringify(schema)).digest('base64');
  const cached = verdicts.get(key);
  if (cached !== undefined) return cached;
  const verdict = capped(judge(schema));
  if (verdicts.size >= MAX_VERDICTS) verdicts.delete(verdicts.keys().next().value as string);
  verdicts.set(key, verdict);
  return verdict;
}

function judge(schema: unknown): SchemaProblem[] {
  if (typeof schema !== 'boolean' && (typeof schema !== 'object' || schema === null || Array.isArray(schema)))
    return [rootLevel('input_schema must be a JSON Schema object')];
  if (!checker || !patternRefusal) throw new Error('loadSchemaChecker() first');
  const a = checker.next();
  const problems = patternProblems(schema, patternRefusal);
  // What is taken out of a copy compiled beside other problems (below): each is said already.
  const removable = problems.map((p) => p.loc);
  // The loop check reads the schema's structure, not Ajv's compile: listed beside every other
  // stage's problems, or fixing those would only reveal it on the next round trip.
  const endless = endlessRef(schema);
  // A $dynamicRef Ajv would misjudge (input-schema-dynamic.ts); an endless one is said as such.
  const loop = endless
    ? [placed(endless, ENDLESS_REF)]
    : unsupportedDynamicRefs(schema).map(({ loc, reason }) => placed(loc, reason));
  const uncompilable = loop.length > 0;
  // Each $ref naming nothing, at its place: the compile would throw on the first alone, unplaced,
  // and only once every other problem was fixed. A meta-schema Ajv holds is the compile's to judge.
  const holds = (uri: string) => Object.hasOwn(a.schemas, uri) || Object.hasOwn(a.refs, uri);
  for (const loc of danglingRefs(schema, holds)) {
    loop.push(placed(loc, MISSING_REF));
    removable.push(loc);
  }
  const dialect = metaSchemaProblem(schema);
  if (dialect) return [...problems, dialect, ...loop];
  let valid: boolean;
  try {
    valid = a.validateSchema(schema as object) as boolean;
  } catch {
    // Ajv throws (rather than answering false) on a meta-schema it cannot find, and its words
    // quote the file; whatever it throws on here is the schema's problem, said without its text.
    return [...problems, rootProblem('is not a valid draft 2020-12 schema'), ...loop];
  }
  // One problem per place: a keyword that fails an `anyOf` of the meta-schema fails each branch
  // there too (the enum of types, `must be array`, `must match a schema in anyOf`), and the first
  // is the one that says what to write (input-schema-words.ts words it).
  const places = new Set<string>();
  for (const e of valid ? [] : (a.errors ?? [])) {
    if (places.has(e.instancePath)) continue;
    const loc = pointerToLoc(e.instancePath, schema);
    const value = valueAt(schema, loc);
    // A `type` list fails the one-type branch as a whole; its own entries are placed on their own.
    if ((e.keyword === 'enum' || e.keyword === 'anyOf') && Array.isArray(value) && loc.at(-1) === 'type')
      continue;
    places.add(e.instancePath);
    problems.push(placed(loc, worded(e, value, loc, 'schema')));
    removable.push(loc);
  }
  // Own keys only: `constructor` is no keyword, and no format either.
  const known = (o: object) => (k: string) => Object.hasOwn(o, k);
  const unknown = unknownWords(schema, known(a.RULES.keywords), known(a.formats));
  for (const u of unknown) removable.push(u.loc);
  pushAll(pushAll(problems, unknown), loop);
  if (problems.length === 0) return compileProblems(a, schema, schema);
  // What only the compile finds (strict mode's types, required, tuples; what a $defs entry holds)
  // is listed beside the rest, from a copy without what is already said: fixing those must not
  // reveal more on the next round trip. Not for a copy the meta-schema still refuses, nor a schema
  // whose references Ajv cannot follow.
  if (uncompilable) return problems;
  const copy = withoutPlaces(schema, removable);
  if (!valid && (loc0(removable) || !metaValid(a, copy))) return problems;
  const said = new Set(problems.map((p) => p.message));
  // A place something was taken out of may be judged otherwise without it (a `type` gone, its
  // keywords seem untyped): what the compile says there is left unsaid.
  const changed = new Set(removable.map((l) => JSON.stringify(l.slice(0, -1))));
  const more = compileProblems(a, copy, schema).filter(
    (p) => !said.has(p.message) && !changed.has(JSON.stringify(p.loc)),
  );
  return pushAll(problems, more);
}

/** The problems Ajv's compile of `compiled` finds, placed in `schema` (the one the user wrote). */
function compileProblems(a: AjvType, compiled: unknown, schema: unknown): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  strictWarnings = [];
  try {
    a.compile(compiled as object);
  } catch (e) {
    problems.push(compileProblem(e));
  } finally {
    a.removeSchema();
  }
  // Each logged refusal of strict mode is a problem, before the one that stopped the compile.
  return [...strictWarnings.splice(0).map((w) => strictProblem(w, schema)), ...problems];
}

/** Whether the meta-schema accepts `schema` (false when Ajv throws, as judge() treats a throw). */
function metaValid(a: AjvType, schema: unknown): boolean {
  try {
    return a.validateSchema(schema as object) === true;
  } catch {
    return false;
  }
}

/** Whether a problem stands at the schema's root itself (no copy can leave it out). */
const loc0 = (locs: readonly (string | number)[][]) => locs.some((l) => l.length === 0);

/** A copy of a JSON value with the key at each loc taken out (the value's own shape otherwise). */
function withoutPlaces(value: unknown, locs: readonly (string | number)[][]): unknown {
  const copy = structuredClone(value);
  for (const loc of locs) {
    if (loc.length === 0) continue;
    let at: unknown = copy;
    for (const key of loc.slice(0, -1))
      at = typeof at === 'object' && at !== null ? (at as Record<string | number, unknown>)[key] : undefined;
    if (typeof at === 'object' && at !== null)
      delete (at as Record<string | number, unknown>)[loc.at(-1) as string];
  }
  return copy;
}

/**
 * A refusal strict mode logged, at the place its words end with (`… at "#/properties/a"
 * (strictTypes)`, `… at path "#/properties/t"`), said without it; of the schema as a whole when it
 * names no place in this schema (a pointer under another `$id`).
 */
function strictProblem(warning: string, schema: unknown): SchemaProblem {
  const m = / at (?:path )?"#([^"]*)"( \(strict\w+\))?$/.exec(warning);
  if (!m) return rootProblem(warning);
  let pointer: string;
  try {
    pointer = decodeURIComponent(m[1] as string);
  } catch {
    return rootProblem(warning);
  }
  const loc = pointerToLoc(pointer, schema);
  if (valueAt(schema, loc) === undefined) return rootProblem(warning);
  return placed(loc, `${warning.slice(0, m.index)}${m[2] ?? ''}`);
}
