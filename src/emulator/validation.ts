import AjvCompiler from '@fastify/ajv-compiler';
import type { ErrorObject } from 'ajv/dist/2020.js';
import type { FastifySchemaValidationError, FastifyServerOptions } from 'fastify';
import { worded } from '../lib/input-schema-words.js';
import { CUT_PLACE, placeShown, printable } from '../lib/security-check/mention.js';
import { looksLikeCredential } from '../lib/shown-value.js';
import {
  ENVIRONMENT_NAME,
  ENVIRONMENT_RULE,
  RESERVED_ENVIRONMENT,
  SHARED_SCOPE_NAME,
} from '../lib/validate.js';

// Request validation: how schemas are compiled and how failures are reported (FastAPI's 422 body).

type ValidatorFactory = NonNullable<
  NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildValidator']
>;

const common = { removeAdditional: false, useDefaults: true, allErrors: true } as const;

/**
 * Bodies are validated strictly, as pydantic does (`{"value": 7}` is not a string); path, query
 * and header values arrive as text and are coerced (`?limit=5` is an integer). Unknown body fields
 * are rejected, never dropped silently, and every problem is reported at once.
 */
export const buildValidator: ValidatorFactory = (externalSchemas) => {
  const factory = AjvCompiler();
  const strict = factory(externalSchemas ?? {}, { customOptions: { ...common, coerceTypes: false } });
  const lax = factory(externalSchemas ?? {}, { customOptions: { ...common, coerceTypes: 'array' } });
  return (route) => (route.httpPart === 'body' ? strict(route) : lax(route));
};

/** One item of a FastAPI 422 body. */
export interface ValidationItem {
  loc: Array<string | number>;
  msg: string;
  type: string;
}

/** Items one 422 lists at most: a hostile body must not make an answer without bound. */
export const MAX_ITEMS = 50;

const LOCATIONS: Record<string, string> = {
  body: 'body',
  querystring: 'query',
  params: 'path',
  headers: 'header',
};

const TYPE_NAMES: Record<string, [string, string]> = {
  string: ['string_type', 'a valid string'],
  integer: ['int_type', 'a valid integer'],
  number: ['float_type', 'a valid number'],
  boolean: ['bool_type', 'a valid boolean'],
  object: ['dict_type', 'a valid dictionary'],
  array: ['list_type', 'a valid list'],
  null: ['none_type', 'None'],
};

/**
 * The value a user sent where it is refused, as a 422 may repeat it: a string quoted (JSON-escaped)
 * only when it is name-shaped, holds no token and is not random enough to be a secret (the
 * scanner's mention() and the CLI's looksLikeCredential both), else by its length; a number, a boolean
 * or null as written; a collection by its kind.
 */
function sentShown(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string')
    return `, not ${printable(value) && !looksLikeCredential(value) ? JSON.stringify(value) : `a value of ${[...value].length} characters`}`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return `, not ${value}`;
  return Array.isArray(value) ? ', not a list' : ', not an object';
}

function describe(
  e: FastifySchemaValidationError,
  sent: () => unknown,
): { extra?: string; msg: string; type: string } {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { extra: String(p.missingProperty), msg: 'Field required', type: 'missing' };
    case 'additionalProperties':
      return {
        extra: String(p.additionalProperty),
        msg: 'Extra inputs are not permitted',
        type: 'extra_forbidden',
      };
    case 'type': {
      const [type, what] = TYPE_NAMES[String(p.type).split(',')[0] ?? ''] ?? [
        'type_error',
        `of type ${p.type}`,
      ];
      return { msg: `Input should be ${what}`, type };
    }
    case 'minLength':
      return { msg: `String should have at least ${p.limit} characters`, type: 'string_too_short' };
    case 'maxLength':
      return { msg: `String should have at most ${p.limit} characters`, type: 'string_too_long' };
    case 'pattern':
      // An environment's rule in words: its pattern's look-ahead (not `shared`) reads as noise.
      if (p.pattern === ENVIRONMENT_NAME.source)
        return {
          msg:
            sent() === SHARED_SCOPE_NAME
              ? `${RESERVED_ENVIRONMENT}: leave environment out for the shared scope`
              : `String should be an environment name: ${ENVIRONMENT_RULE}, and not ${SHARED_SCOPE_NAME} (the shared scope)`,
          type: 'string_pattern_mismatch',
        };
      return { msg: `String should match pattern '${p.pattern}'`, type: 'string_pattern_mismatch' };
    case 'minimum':
      return { msg: `Input should be greater than or equal to ${p.limit}`, type: 'greater_than_equal' };
    case 'maximum':
      return { msg: `Input should be less than or equal to ${p.limit}`, type: 'less_than_equal' };
    case 'enum':
      return {
        msg: `Input should be ${(p.allowedValues as unknown[]).map((v) => `'${v}'`).join(' or ')}${sentShown(sent())}`,
        type: 'enum',
      };
    default:
      return { msg: e.message ?? 'Invalid value', type: 'value_error' };
  }
}

/**
 * A shape error in the words the rest of the tool uses (input-schema-words.ts: the gate's findings,
 * a run's violations), for a workflow definition, whose problems the CLI lists beside its own
 * (`names no node: "ghost"`, `is required`): pydantic's `Field required` among them read as another
 * tool's. The `type` codes stay FastAPI's: clients may branch on them.
 */
function plainWords(
  e: FastifySchemaValidationError,
  sent: () => unknown,
): { extra?: string; msg: string; type: string } {
  const { extra, type } = describe(e, sent);
  const value = sent();
  const words = () => worded(e as unknown as ErrorObject, value, [], 'input');
  switch (e.keyword) {
    case 'required':
      return { ...(extra === undefined ? {} : { extra }), msg: 'is required', type };
    case 'additionalProperties':
      return { ...(extra === undefined ? {} : { extra }), msg: 'is not a field allowed here', type };
    case 'enum':
      return { msg: `${words()}${sentShown(value)}`, type };
    default:
      return { msg: words(), type };
  }
}

/**
 * Turn Ajv errors from Fastify's validation into FastAPI's 422 `detail` list; `body`, when the body
 * is what was validated, is where a refused value is looked up to be named. Errors under `plainUnder`
 * (a create's `/definition`) are said in the tool's own words (plainWords).
 */
export function validationDetail(
  errors: FastifySchemaValidationError[],
  context: string,
  body?: unknown,
  plainUnder?: string,
): ValidationItem[] {
  const root = LOCATIONS[context] ?? context;
  // Cap the list: a huge invalid array must not produce a huge response.
  return errors.slice(0, MAX_ITEMS).map((e) => {
    const path = e.instancePath
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    const plain =
      plainUnder !== undefined &&
      (e.instancePath === plainUnder || e.instancePath.startsWith(`${plainUnder}/`));
    const { extra, msg, type } = (plain ? plainWords : describe)(e, () => valueAt(body, path));
    // The loc names the body's own keys (an unknown one, a map's): a token pasted as a key would come
    // back whole, then in the CLI's output. It goes only as deep as its keys are name-shaped.
    const place = placeShown([...path, ...(extra === undefined ? [] : [extra])]);
    return { loc: [root, ...place.loc], msg: place.cut ? `${msg}${CUT_PLACE}` : msg, type };
  });
}

/** The value at `path` inside `root` (own keys only), undefined when there is none. */
function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let at = root;
  for (const k of path) {
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, k)) return undefined;
    at = (at as Record<string | number, unknown>)[k];
  }
  return at;
}
