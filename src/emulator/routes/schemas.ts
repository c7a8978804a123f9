// JSON-schema fragments shared by route declarations (and by the OpenAPI document built from them).

/** RFC 3339 timestamp. */
export const timestamp = { type: 'string', format: 'date-time' } as const;
export const nullableTimestamp = { type: ['string', 'null'], format: 'date-time' } as const;

/** Scopes in the API's map form: scope name → granted. */
export const scopeMap = {
  type: 'object',
  additionalProperties: { type: 'boolean' },
  description: 'scope name → granted',
} as const;

export const workflowPatterns = {
  type: 'array',
  items: { type: 'string' },
  description: 'workflow-name globs; `*` stays within a segment, `**` crosses `/`',
} as const;

/** An `:id` path parameter. An empty id reaches the handler, which answers 404. */
export const idParams = {
  type: 'object',
  properties: { id: { type: 'string' } },
  required: ['id'],
} as const;

/** The workflow routes' form: an empty id is refused by validation (422) before any lookup. */
export const nonEmptyIdParams = {
  ...idParams,
  properties: { id: { ...idParams.properties.id, minLength: 1 } },
} as const;

/** `{"detail": "…"}`, the body of every non-validation error. */
export const errorDetail = {
  type: 'object',
  properties: { detail: { type: 'string' } },
  required: ['detail'],
} as const;
