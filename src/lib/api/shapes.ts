/**
 * Building blocks of the API's shapes, shared by every resource module under src/lib/api/. Each
 * shape is a TypeBox definition, so one object gives the TypeScript type (`Static`), the emulator's
 * route schema (JSON Schema, validated by Fastify's ajv) and the OpenAPI document (@fastify/swagger).
 *
 * Response shapes say what a client may rely on: JSON types, required fields and nullability, with
 * unknown extra fields allowed (a server may add fields freely). Vocabularies a server may grow
 * (roles, statuses) are strings with their known values described, not enums: an unknown one is
 * shown, not refused. Request shapes say what the server accepts, and are as strict as docs/api.md.
 */
import {
  Kind,
  type Static,
  Array as TArray,
  Boolean as TBoolean,
  Integer as TInteger,
  Literal as TLiteral,
  Null as TNull,
  Number as TNumber,
  Object as TObject,
  Optional as TOptional,
  Record as TRecord,
  type TSchema,
  String as TString,
  Union as TUnion,
  Unknown as TUnknown,
  Unsafe as TUnsafe,
} from '@sinclair/typebox';

/**
 * The TypeBox builders the shapes use, imported one by one. TypeBox's own `Type` holds every builder
 * it has, and the CLI's bundle, which every start loads, would carry them all (about 75 KB more).
 */
export const Type = {
  Array: TArray,
  Boolean: TBoolean,
  Integer: TInteger,
  Literal: TLiteral,
  Null: TNull,
  Number: TNumber,
  Object: TObject,
  Optional: TOptional,
  Record: TRecord,
  String: TString,
  Union: TUnion,
  Unknown: TUnknown,
  Unsafe: TUnsafe,
} as const;

/** `T` or JSON null (a response field that may be null). */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/**
 * An object used as a map: any key, every value a `T`. TypeBox's Record says "keys matching
 * `^(.*)$`", and `.` stops at a line break, so a key holding one (`"a\nb"`) would escape the value
 * check, in TypeBox's checker and in ajv alike; `additionalProperties` catches those keys too.
 */
export function Dictionary<T extends TSchema>(
  value: T,
  options: { description?: string; propertyNames?: object } = {},
) {
  return Type.Record(Type.String(), value, { ...options, additionalProperties: value });
}

/** RFC 3339 timestamp in UTC. */
export const Timestamp = Type.String({ format: 'date-time' });
export const NullableTimestamp = Nullable(Timestamp);
export const NullableString = Nullable(Type.String());

/**
 * A nullable request field with JSON Schema's own `type: [T, "null"]`. Responses use Nullable (an
 * anyOf the client's checker understands); a request field keeps this form so that ajv reports a
 * bad value once, at its `loc`, rather than once per branch. For request shapes only.
 */
export function NullableInput<T extends TSchema & { type: string }>(schema: T) {
  // A kind of its own: the copied one (Integer, Boolean…) would make TypeBox's checker refuse null.
  return Type.Unsafe<Static<T> | null>({ ...schema, [Kind]: 'Unsafe', type: [schema.type, 'null'] });
}

/**
 * A string of a fixed set, as JSON Schema's `enum` (TypeBox's documented StringEnum form): one
 * `enum` error for a bad value where a union of literals gives one per literal. For request shapes.
 */
export function StringEnum<const T extends readonly string[]>(
  values: T,
  options: { default?: T[number] } = {},
) {
  return Type.Unsafe<T[number]>({ [Kind]: 'Unsafe', type: 'string', enum: [...values], ...options });
}

/** Scopes in the API's map form: scope name → granted. */
export const ScopeMap = Dictionary(Type.Boolean(), { description: 'scope name → granted' });

/** Scopes as a client receives them: the map form, or the list of granted names older servers send. */
export const Scopes = Type.Union([ScopeMap, Type.Array(Type.String())], {
  description: 'scope name → granted; older servers send the list of granted names',
});

export const WorkflowPatterns = Type.Array(Type.String(), {
  description: 'workflow-name globs; `*` stays within a segment, `**` crosses `/`',
});

/** `{"detail": "…"}`, the body of every non-validation error. */
export const ErrorDetail = Type.Object({ detail: Type.String() });

/** An `{id}` path parameter. An empty id reaches the handler, which answers 404. */
export const IdParams = Type.Object({ id: Type.String() });

/** The workflow routes' form: an empty id is refused by validation (422) before any lookup. */
export const NonEmptyIdParams = Type.Object({ id: Type.String({ minLength: 1 }) });
