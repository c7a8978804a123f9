/**
 * Secrets (docs/api.md): values go in, never come out. The shapes below are the contract both
 * sides share: `fibonacci secret …` calls these functions, and src/emulator/routes/secrets.ts serves
 * the same shapes as its route schemas.
 */
import type { Static } from '@sinclair/typebox';
import { CliError } from '../errors.js';
import { ENVIRONMENT_NAME, SECRET_NAME } from '../validate.js';
import { checked } from './check.js';
import { rethrowForbidden } from './forbidden.js';
import { notFound, rephrase } from './rephrase.js';
import { segment } from './segment.js';
import { Dictionary, Nullable, NullableString, Timestamp, Type } from './shapes.js';
import type { ApiClient, ApiResponse } from './types.js';

/** A secret's rotation policy and where it stands (`SecretMeta.rotation`). */
export const RotationMetaSchema = Type.Object({
  enabled: Type.Boolean(),
  interval_days: Type.Integer(),
  notify_before_days: Type.Integer(),
  next_rotation_at: Timestamp,
  days_remaining: Type.Integer({
    description: 'whole days until next_rotation_at, rounded up; 0 or less once due',
  }),
  due: Type.Boolean(),
});

/** Everything about a secret but its value. */
export const SecretMetaSchema = Type.Object({
  name: Type.String(),
  environment: Type.Union([Type.String(), Type.Null()], { description: 'null for the shared scope' }),
  version: Type.Integer(),
  created_at: Timestamp,
  updated_at: Timestamp,
  updated_by: NullableString,
  rotation: Nullable(RotationMetaSchema),
});

export const SecretListSchema = Type.Object({ secrets: Type.Array(SecretMetaSchema) });

/** `GET /health/secrets`, the same shape with 200 (healthy) and 503 (unhealthy). */
export const HealthReportSchema = Type.Object({
  status: Type.String({ description: '`healthy` or `unhealthy`' }),
  backend: Type.String(),
  checks: Dictionary(Type.String(), { description: 'check → `ok` or `error: <reason>`' }),
});

// What the server accepts.
export const SecretNameParams = Type.Object({ name: Type.String({ pattern: SECRET_NAME.source }) });
export const ScopeQuery = Type.Object({
  environment: Type.Optional(Type.String({ pattern: ENVIRONMENT_NAME.source })),
});
export const SecretValueBody = Type.Object(
  { value: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
);
export const RotationBody = Type.Object(
  {
    enabled: Type.Boolean(),
    interval_days: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
    notify_before_days: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650 })),
  },
  { additionalProperties: false },
);

export type RotationMeta = Static<typeof RotationMetaSchema>;
export type SecretMeta = Static<typeof SecretMetaSchema>;
export type HealthReport = Static<typeof HealthReportSchema>;
export type RotationRequest = Static<typeof RotationBody>;

const SECRETS = '/api/v1/secrets';

/** How a scope reads in messages and tables: the environment's name, or `shared`. */
export function scopeLabel(environment: string | null): string {
  return environment ?? 'shared';
}

/** The `environment` query parameter of a scope (absent for the shared scope). */
function scopeQuery(environment: string | null): Record<string, string> {
  return environment === null ? {} : { environment };
}

function secretPath(name: string, suffix = ''): string {
  return `${SECRETS}/${segment(name, 'secret name')}${suffix}`;
}

/** `secrets/<environment or shared>/<NAME>`, as `access check` takes it. */
function secretResource(name: string, environment: string | null): string {
  return `secrets/${environment ?? 'shared'}/${name}`;
}

/**
 * The API's 404 for a named secret, in the CLI's words (exit 12); its 403 with the `access check`
 * command for `action` on it; anything else as it is.
 */
function rephraseNotFound(e: unknown, name: string, environment: string | null, action: string): never {
  if (e instanceof CliError && e.kind === 'forbidden')
    rethrowForbidden(e, { action, resource: secretResource(name, environment) });
  rephrase(e, notFound, 'not_found', `no such secret ${name} in ${scopeLabel(environment)}`, {
    hint: `\`fibonacci secret list${environment === null ? '' : ` --env ${environment}`}\` shows the secrets there`,
    status: 404,
  });
}

/** The secrets of one scope (null: shared), sorted by name; metadata only. */
export async function list(client: ApiClient, environment: string | null): Promise<SecretMeta[]> {
  const res = await client.request('GET', SECRETS, { query: scopeQuery(environment) });
  return checked(SecretListSchema, res.data, `GET ${SECRETS}`, res.requestId).secrets;
}

/** Create a secret or store a new version of its value; the value never appears in output or errors. */
export async function set(
  client: ApiClient,
  name: string,
  environment: string | null,
  value: string,
): Promise<SecretMeta> {
  const path = secretPath(name);
  let res: ApiResponse<unknown>;
  try {
    res = await client.request('PUT', path, {
      body: { value },
      query: scopeQuery(environment),
      redact: [value],
    });
  } catch (e) {
    rethrowForbidden(e, { action: 'write', resource: secretResource(name, environment) });
  }
  return checked(SecretMetaSchema, res.data, `PUT ${path}`, res.requestId);
}

/** One secret's metadata; a 404 is "no such secret" (exit 12). */
export async function get(client: ApiClient, name: string, environment: string | null): Promise<SecretMeta> {
  const path = secretPath(name);
  try {
    const res = await client.request('GET', path, { query: scopeQuery(environment) });
    return checked(SecretMetaSchema, res.data, `GET ${path}`, res.requestId);
  } catch (e) {
    rephraseNotFound(e, name, environment, 'read');
  }
}

/** Delete a secret and every version of its value. */
export async function remove(client: ApiClient, name: string, environment: string | null): Promise<void> {
  try {
    await client.request('DELETE', secretPath(name), { query: scopeQuery(environment) });
  } catch (e) {
    rephraseNotFound(e, name, environment, 'delete');
  }
}

/** Set (`enabled: true`) or turn off a secret's rotation policy; the secret's metadata after it. */
export async function setRotation(
  client: ApiClient,
  name: string,
  environment: string | null,
  rotation: RotationRequest,
): Promise<SecretMeta> {
  const path = secretPath(name, '/rotation');
  let res: ApiResponse<unknown>;
  try {
    res = await client.request('PUT', path, { body: rotation, query: scopeQuery(environment) });
  } catch (e) {
    rephraseNotFound(e, name, environment, 'write');
  }
  return checked(SecretMetaSchema, res.data, `PUT ${path}`, res.requestId);
}

/** Exercise the secrets backend. 503 is the answer "unhealthy", not a failure: no retry, no error. */
export async function health(client: ApiClient): Promise<HealthReport> {
  const path = '/api/v1/health/secrets';
  const res = await client.request('GET', path, { okStatuses: [503] });
  return checked(HealthReportSchema, res.data, `GET ${path}`, res.requestId);
}
