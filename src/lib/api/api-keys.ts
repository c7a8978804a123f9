/**
 * API keys (docs/api.md): create (the only time a key is shown), list, revoke. `fibonacci auth
 * create-key | list-keys | revoke-key` call these; src/emulator/routes/api-keys.ts serves the shapes.
 */
import type { Static } from '@sinclair/typebox';
import { normalizeScopes, VALID_SCOPES } from '../scopes.js';
import { shownNameBare } from '../shown-value.js';
import { KEY_NAME_MAX_LENGTH, KEY_NAME_PATTERN } from '../validate.js';
import { checked } from './check.js';
import { notFound, rephrase } from './rephrase.js';
import { segment } from './segment.js';
import {
  NullableInput,
  NullableString,
  NullableTimestamp,
  Scopes,
  StringEnum,
  Timestamp,
  Type,
  WorkflowPatterns,
} from './shapes.js';
import type { ApiClient } from './types.js';

/** A key as the API lists it: never the key itself. */
export const ApiKeySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  prefix: Type.String(),
  scopes: Scopes,
  workflows: WorkflowPatterns,
  created_at: Timestamp,
  expires_at: NullableTimestamp,
  last_used_at: Type.Optional(NullableTimestamp),
  revoked_at: NullableTimestamp,
  created_by: Type.Optional(NullableString),
});

/** The answer to a create: the key, this once, and whether its expiry was cut to its creator's. */
export const CreatedKeySchema = Type.Object({
  ...ApiKeySchema.properties,
  key: Type.String({ pattern: '^fib_', description: 'the new key: shown this once, never again' }),
  expires_at_capped: Type.Optional(
    Type.Boolean({ description: "true when expires_at was cut to the creating key's own expiry" }),
  ),
});

export const ApiKeyListSchema = Type.Object({ api_keys: Type.Array(ApiKeySchema) });

/** What `POST /api-keys` accepts. */
export const CreateKeyBody = Type.Object(
  {
    // Printable characters only: a name is shown in terminals (lib/validate.ts, shared with add-user).
    name: Type.String({ minLength: 1, maxLength: KEY_NAME_MAX_LENGTH, pattern: KEY_NAME_PATTERN }),
    scopes: Type.Array(StringEnum(VALID_SCOPES), { minItems: 1, maxItems: 50 }),
    workflows: Type.Optional(Type.Array(Type.String({ maxLength: 256 }), { minItems: 1, maxItems: 50 })),
    expires_in_days: Type.Optional(NullableInput(Type.Integer({ minimum: 1, maximum: 3650 }))),
  },
  { additionalProperties: false },
);

export type ApiKey = Static<typeof ApiKeySchema>;
export type CreateKeyRequest = Static<typeof CreateKeyBody>;

/** A key as the CLI shows it: scopes normalised from the map or list form; never the key. */
export interface KeyInfo {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  workflows: string[];
  created_at: string | null;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
  created_by: string | null;
}

/** A new key: what is shown of it, the key itself, and the server's word on a capped expiry. */
export interface CreatedKey {
  info: KeyInfo;
  key: string;
  expires_at_capped: boolean | undefined;
}

const KEYS = '/api/v1/api-keys';

/**
 * One key as shown: only the fields listed here, whatever else the server sent (a server that
 * wrongly echoed a key in a listing must not get it printed).
 */
function toKeyInfo(k: ApiKey): KeyInfo {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    scopes: normalizeScopes(k.scopes),
    workflows: k.workflows,
    created_at: k.created_at,
    expires_at: k.expires_at,
    last_used_at: k.last_used_at ?? null,
    revoked_at: k.revoked_at,
    created_by: k.created_by ?? null,
  };
}

/** Every key the caller may see: the organization's for admins and owners, one's own otherwise. */
export async function list(client: ApiClient): Promise<KeyInfo[]> {
  const res = await client.request('GET', KEYS);
  return checked(ApiKeyListSchema, res.data, `GET ${KEYS}`, res.requestId).api_keys.map(toKeyInfo);
}

/** Create a key; the answer carries the key this once. */
export async function create(client: ApiClient, body: CreateKeyRequest): Promise<CreatedKey> {
  const res = await client.request('POST', KEYS, { body });
  const created = checked(CreatedKeySchema, res.data, `POST ${KEYS}`, res.requestId, {
    hint: 'a key may have been created all the same: `fibonacci auth list-keys` shows it, `fibonacci auth revoke-key` revokes it',
  });
  return { info: toKeyInfo(created), key: created.key, expires_at_capped: created.expires_at_capped };
}

/** Revoke a key at once (and the keys it made); a key that does not exist is the CLI's own 404. */
export async function revoke(client: ApiClient, id: string): Promise<void> {
  const path = `${KEYS}/${segment(id, 'key id')}`;
  try {
    await client.request('DELETE', path);
  } catch (e) {
    rephrase(e, notFound, 'not_found', `no API key with id ${shownNameBare(id, 'key')}`, {
      hint: '`fibonacci auth list-keys` shows the ids',
    });
  }
}
