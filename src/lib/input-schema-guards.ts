// What makes an input_schema too costly to compile or to run, judged before Ajv sees it
// (lib/input-schema.ts): too many nodes, too deep, a pattern too big once compiled or that backtracks
// exponentially, another dialect, a keyword or format Ajv does not know; the draft 2020-12 words
// Ajv lacks (standardWords, given to every instance); and how a problem with a schema is said.
import type { Ajv2020 as AjvType } from 'ajv/dist/2020.js';
import { MAX_PATTERN_SIZE, MAX_PATTERNS_SIZE, patternSize } from './input-schema-pattern-size.js';
import { subschemas } from './input-schema-refs.js';
import { locPath } from './input-schema-words.js';

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

/**
 * Schemas bigger or deeper than this are not compiled: real ones have tens of nodes and a few
 * levels. Ajv's compile time grows with the schema (about 1.3 s for 3,000 nodes on these machines,
 * bench/RESULTS.md), and a server compiles what any key with workflow write sends it.
 */
export const MAX_SCHEMA_NODES = 2_000;
export const MAX_SCHEMA_DEPTH = 32;

/**
 * Why a value is too big to compile: more than MAX_SCHEMA_NODES nodes, counting a shared one each
 * time it is reached (YAML aliases make a small file a huge tree, a "billion laughs", which
 * serialising or compiling would expand), or nested deeper than MAX_SCHEMA_DEPTH (Ajv's code
 * generator recurses, and overflows its stack at a few thousand levels). Stops at the first.
 */
export function tooBig(value: unknown): string | undefined {
  let count = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (++count > MAX_SCHEMA_NODES)
      return `input_schema has more than ${MAX_SCHEMA_NODES} nodes (aliases counted each time they are used); not compiled`;
    if (depth > MAX_SCHEMA_DEPTH)
      return `input_schema nests deeper than ${MAX_SCHEMA_DEPTH} levels; not compiled`;
    if (typeof v === 'object' && v !== null)
      for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return undefined;
}

/** Why a pattern that backtracks exponentially (safe-regex2's star height) is refused. */
export const NESTED_REPETITION = 'a pattern with nested repetition can take exponential time; not compiled';

/** Why a pattern past safe-regex2's count of repetitions (its star height within bounds) is refused. */
export const MANY_REPETITIONS =
  'a pattern with more than 25 repetitions (quantifiers) is more than the safety check judges; not compiled';

/** Why a pattern that is no regular expression (JSON Schema's are ECMA-262's) is refused. */
export const NOT_A_PATTERN = 'is not a valid regular expression (ECMA-262, as JSON Schema patterns are)';

/** Why a pattern RE2, the linear-time engine patterns run on, cannot compile is refused. */
export const NOT_LINEAR =
  'uses what patterns here cannot (they run in linear time, on RE2): lookahead, lookbehind and backreferences are not supported';

const instructions = (n: number) => (n > 1e9 ? 'over 1,000,000,000' : n.toLocaleString('en-US'));

/**
 * Every `pattern` (and `patternProperties` key) refused, each at its place, in the schema's order
 * (the create's 422 and the scanner list them all at once): one whose compiled size
 * (input-schema-pattern-size.ts: counted repetitions multiplied out) is more than MAX_PATTERN_SIZE;
 * the one that brings the schema's patterns past MAX_PATTERNS_SIZE together (each place counted:
 * an alias repeats the cost); one `refusal` names a reason for (no regular expression, one RE2
 * cannot run, one that can take exponential time on some input). Each at its place: the compile
 * would stop at the first RE2 refuses, and say it of the schema as a whole.
 */
export function patternProblems(
  value: unknown,
  refusal: (re: string) => string | undefined,
): SchemaProblem[] {
  const found: SchemaProblem[] = [];
  let total = 0;
  let totalSaid = false;
  const judge = (re: string, loc: (string | number)[]) => {
    const size = patternSize(re);
    total += size;
    if (size > MAX_PATTERN_SIZE)
      found.push(
        placed(
          loc,
          `a pattern that compiles to ${instructions(size)} instructions (its counted repetitions multiplied out) is more than the ${MAX_PATTERN_SIZE.toLocaleString('en-US')} allowed; not compiled`,
        ),
      );
    else if (total > MAX_PATTERNS_SIZE && !totalSaid) {
      totalSaid = true;
      found.push(
        placed(
          loc,
          `this pattern brings the input_schema's patterns to ${instructions(total)} compiled instructions together, more than the ${MAX_PATTERNS_SIZE.toLocaleString('en-US')} allowed; not compiled`,
        ),
      );
    } else {
      const why = refusal(re);
      if (why !== undefined) found.push(placed(loc, why));
    }
  };
  const open: Array<[unknown, (string | number)[]]> = [[value, []]];
  for (let item = open.pop(); item !== undefined; item = open.pop()) {
    const [v, at] = item;
    if (typeof v !== 'object' || v === null) continue;
    const entries: Array<[string | number, unknown]> = Array.isArray(v)
      ? v.map((c, i) => [i, c])
      : Object.entries(v);
    for (const [k, c] of entries) {
      if (k === 'pattern' && typeof c === 'string') judge(c, [...at, k]);
      if (k === 'patternProperties' && typeof c === 'object' && c !== null && !Array.isArray(c))
        for (const re of Object.keys(c)) judge(re, [...at, k, re]);
    }
    // Pushed in reverse so that the places come out in the schema's order.
    for (const [k, c] of entries.reverse()) open.push([c, [...at, k]]);
  }
  return found;
}

/**
 * Every keyword of draft 2020-12's vocabularies: one Ajv does not know is the validator's limit, said
 * as such, never "unknown" (input-schema.ts registers the one Ajv 8 lacks, `$anchor`).
 */
const STANDARD_KEYWORDS = new Set([
  ...[
    '$schema',
    '$id',
    '$ref',
    '$anchor',
    '$dynamicRef',
    '$dynamicAnchor',
    '$vocabulary',
    '$comment',
    '$defs',
  ],
  ...['allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else', 'dependentSchemas', 'prefixItems', 'items'],
  ...['contains', 'properties', 'patternProperties', 'additionalProperties', 'propertyNames'],
  ...['unevaluatedItems', 'unevaluatedProperties', 'type', 'enum', 'const', 'multipleOf', 'maximum'],
  ...['exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'maxLength', 'minLength', 'pattern', 'maxItems'],
  ...['minItems', 'uniqueItems', 'maxContains', 'minContains', 'maxProperties', 'minProperties', 'required'],
  ...['dependentRequired', 'title', 'description', 'default', 'deprecated', 'readOnly', 'writeOnly'],
  ...['examples', 'format', 'contentEncoding', 'contentMediaType', 'contentSchema'],
]);

/**
 * Keywords Ajv does not know and formats it was not given, each at its place, in what the schema
 * applies (a `$defs` entry is judged by the compile, where a reference uses it): strict mode would
 * refuse the first of them at compile, unplaced, and only that one.
 */
export function unknownWords(
  schema: unknown,
  isKeyword: (k: string) => boolean,
  isFormat: (f: string) => boolean,
): SchemaProblem[] {
  const found: SchemaProblem[] = [];
  const held = new Set<object>();
  for (const { schema: s, loc, parent, via } of subschemas(schema)) {
    if (via === 'held' || (parent && held.has(parent))) {
      held.add(s);
      continue;
    }
    for (const [k, v] of Object.entries(s)) {
      if (!isKeyword(k) && STANDARD_KEYWORDS.has(k))
        found.push(
          placed(
            [...loc, k],
            `${JSON.stringify(k)} is not supported (a draft 2020-12 keyword Ajv does not implement)`,
          ),
        );
      else if (!isKeyword(k))
        found.push(placed([...loc, k], `strict mode: unknown keyword: ${JSON.stringify(k)}`));
      else if (k === 'format' && typeof v === 'string' && !isFormat(v))
        found.push(placed([...loc, k], `unknown format ${JSON.stringify(v)}`));
    }
  }
  return found;
}

/** The one dialect Ajv2020 is loaded with; its id with or without the empty fragment. */
export const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema';

/** A root `$schema` naming another dialect (Ajv would throw); its value is the file's text, unquoted. */
export function metaSchemaProblem(schema: unknown): SchemaProblem | null {
  if (typeof schema !== 'object' || schema === null) return null;
  const meta = (schema as { $schema?: unknown }).$schema;
  if (meta === undefined || meta === DRAFT_2020_12 || meta === `${DRAFT_2020_12}#`) return null;
  const reason = `only draft 2020-12 is supported (${DRAFT_2020_12}, or no $schema)`;
  return { loc: ['$schema'], message: `input_schema.$schema: ${reason}`, reason };
}

/** A problem of the schema as a whole (Ajv's compile errors name no place we could trust). */
export function rootProblem(reason: string): SchemaProblem {
  return { loc: [], message: `input_schema: ${reason}`, reason };
}

/** A problem at a place in the schema, its message naming the place as the CLI writes a loc. */
export function placed(loc: (string | number)[], reason: string): SchemaProblem {
  return { loc, message: `${locPath(['input_schema', ...loc])}: ${reason}`, reason };
}

/** A problem of the value itself, said without the `input_schema: ` prefix. */
export function rootLevel(reason: string): SchemaProblem {
  return { loc: [], message: reason, reason };
}

/** Why a schema whose validation would never end is refused (and a stored one fails every run). */
export const ENDLESS_REF =
  'a $ref that leads back to itself without a step into the input: validating against it would never end';

/** Why a `$ref` that resolves to nothing inside the schema is refused. */
export const MISSING_REF = 'a $ref names no schema inside this one (nothing is fetched)';

/** What Ajv's compile threw, as a problem of the schema as a whole. */
export function compileProblem(e: unknown): SchemaProblem {
  // Ajv quotes keyword and format names (kept: "unknown keyword: \"requird\"" is the fix), but
  // an unresolved $ref is quoted whole, and a URL may carry a password: said without it.
  if (typeof e === 'object' && e !== null && 'missingRef' in e) return rootProblem(MISSING_REF);
  // The stack overflowing is how a recursion endlessRef missed shows: never V8's words.
  if (e instanceof RangeError) return rootProblem(ENDLESS_REF);
  return rootProblem((e as Error).message.split('\n')[0] ?? 'cannot be compiled');
}

/** Problems listed for one schema: a hostile one must not make an answer without bound. */
export const MAX_SCHEMA_PROBLEMS = 20;

/** At most MAX_SCHEMA_PROBLEMS, the last saying how many more were found. */
export function capped(problems: SchemaProblem[]): SchemaProblem[] {
  if (problems.length <= MAX_SCHEMA_PROBLEMS) return problems;
  const more = problems.length - (MAX_SCHEMA_PROBLEMS - 1);
  return [
    ...problems.slice(0, MAX_SCHEMA_PROBLEMS - 1),
    rootProblem(`and ${more} more problems, not listed`),
  ];
}

/**
 * What draft 2020-12 defines and Ajv or ajv-formats leaves out. `$anchor`: Ajv resolves it (a `$ref`
 * to `#name` works) but never registered the keyword, so strict mode refused a schema the moment a
 * `$ref` inlined the anchored subschema; it is an identifier, so a keyword that validates nothing
 * (the meta-schema checks its syntax). `idn-hostname`: Node's own UTS 46 mapping (url.domainToASCII,
 * the WHATWG URL parser's), then ajv-formats' hostname on the A-labels. `iri`, `iri-reference` and
 * `idn-email` have no well-kept validator among the dependencies: accepted as annotations (the
 * spec's format-annotation vocabulary allows it; docs/api.md says so), never refused as unknown.
 */
export function standardWords(ajv: AjvType, domainToASCII: (domain: string) => string): void {
  ajv.addKeyword({ keyword: '$anchor', schemaType: 'string' });
  const hostname = ajv.formats.hostname;
  const asciiHostname = (h: string) =>
    hostname instanceof RegExp ? hostname.test(h) : typeof hostname === 'function' ? hostname(h) : true;
  ajv.addFormat('idn-hostname', {
    type: 'string',
    validate: (h: string) => {
      if (h === '' || /[\s/?#@:%]/.test(h)) return false;
      const ascii = domainToASCII(h);
      return ascii !== '' && asciiHostname(ascii);
    },
  });
  for (const annotation of ['iri', 'iri-reference', 'idn-email'])
    ajv.addFormat(annotation, { type: 'string', validate: () => true });
}
