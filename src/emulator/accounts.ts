import type { ApiKey } from '../lib/api/api-keys.js';
import { normalizeScopes, scopesToMap } from '../lib/scopes.js';
import { isValidKeyName, KEY_NAME_RULE } from '../lib/validate.js';
import { isDiskFull } from './errors.js';
import { displayPrefix, generateApiKey, hashKey, randomId } from './ids.js';
import { parseJsonColumn } from './json-column.js';
import type { Store } from './store.js';

// Data access for organizations, users and API keys. Keys are stored only as SHA-256 hashes.
// What authentication runs on every request uses the store's cached statements.

export interface OrganizationRow {
  id: string;
  name: string;
  plan: string;
  created_at: string;
}

export interface UserRow {
  id: string;
  org_id: string;
  name: string;
  /** A built-in role or a custom role of the access policy (which may have been removed since). */
  role: string;
  is_superuser: 0 | 1;
  created_at: string;
}

/** An api_keys row as stored (JSON columns still text). */
export interface ApiKeyRow {
  id: string;
  org_id: string;
  user_id: string;
  name: string;
  prefix: string;
  key_hash: string;
  scopes: string;
  workflows: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
  created_by: string | null;
  /** The key that created this one through the API; null for bootstrap and `emulator add-user` keys. */
  created_by_key: string | null;
}

export function createOrganization(store: Store, input: { name: string; plan?: string }): OrganizationRow {
  const row: OrganizationRow = {
    id: randomId('org-', 8),
    name: input.name,
    plan: input.plan ?? 'pro',
    created_at: store.nowIso(),
  };
  store.db
    .prepare('INSERT INTO organizations (id, name, plan, created_at) VALUES (@id, @name, @plan, @created_at)')
    .run(row);
  return row;
}

/** The organization a single-tenant emulator serves: the first one created. */
export function defaultOrganization(store: Store): OrganizationRow | undefined {
  return store.db
    .prepare('SELECT id, name, plan, created_at FROM organizations ORDER BY rowid LIMIT 1')
    .get() as OrganizationRow | undefined;
}

export function createUser(
  store: Store,
  input: { orgId: string; role: string; isSuperuser?: boolean; name?: string },
): UserRow {
  const row: UserRow = {
    id: randomId('user-', 8),
    org_id: input.orgId,
    name: input.name ?? '',
    role: input.role,
    is_superuser: input.isSuperuser ? 1 : 0,
    created_at: store.nowIso(),
  };
  store.db
    .prepare(
      'INSERT INTO users (id, org_id, name, role, is_superuser, created_at) VALUES (@id, @org_id, @name, @role, @is_superuser, @created_at)',
    )
    .run(row);
  return row;
}

export function getUser(store: Store, id: string): UserRow | undefined {
  return store.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
}

export interface NewApiKey {
  orgId: string;
  userId: string;
  name: string;
  scopes: readonly string[];
  workflows: readonly string[];
  expiresAt?: string | null;
  createdBy?: string | null;
  /** The creating key's id, when a key creates it through the API. */
  createdByKey?: string | null;
}

/**
 * Create a key; the returned `key` is the only copy of it that will ever exist. Its name obeys the
 * API's rule whoever writes it (the route, bootstrap, `emulator add-user`): names reach terminals.
 */
export function createApiKey(store: Store, input: NewApiKey): { key: string; row: ApiKeyRow } {
  if (!isValidKeyName(input.name)) throw new RangeError(`invalid API key name: ${KEY_NAME_RULE}`);
  const key = generateApiKey();
  const row: ApiKeyRow = {
    id: randomId('key_', 12),
    org_id: input.orgId,
    user_id: input.userId,
    name: input.name,
    prefix: displayPrefix(key),
    key_hash: hashKey(key),
    scopes: JSON.stringify(scopesToMap(normalizeScopes([...input.scopes]))),
    workflows: JSON.stringify([...input.workflows]),
    created_at: store.nowIso(),
    expires_at: input.expiresAt ?? null,
    last_used_at: null,
    revoked_at: null,
    created_by: input.createdBy ?? input.userId,
    created_by_key: input.createdByKey ?? null,
  };
  store
    .prepare(
      `INSERT INTO api_keys (id, org_id, user_id, name, prefix, key_hash, scopes, workflows, created_at,
         expires_at, last_used_at, revoked_at, created_by, created_by_key)
       VALUES (@id, @org_id, @user_id, @name, @prefix, @key_hash, @scopes, @workflows, @created_at,
         @expires_at, @last_used_at, @revoked_at, @created_by, @created_by_key)`,
    )
    .run(row);
  return { key, row };
}

/** Keys sharing a display prefix (almost always zero or one); the caller compares hashes. */
export function findApiKeysByPrefix(store: Store, prefix: string): ApiKeyRow[] {
  return store.prepare('SELECT * FROM api_keys WHERE prefix = ?').all(prefix) as ApiKeyRow[];
}

export function getApiKey(store: Store, id: string): ApiKeyRow | undefined {
  return store.prepare('SELECT * FROM api_keys WHERE id = ?').get(id) as ApiKeyRow | undefined;
}

/**
 * Note that a key was used. Best effort: a disk too full to store the time must not refuse every
 * request (reads still answer; a write that cannot be stored fails on its own, 507).
 */
export function touchApiKey(store: Store, id: string): void {
  try {
    store.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?').run(store.nowIso(), id);
  } catch (e) {
    if (!isDiskFull(e)) throw e;
  }
}

/** Revoke a key at once; false when it does not exist or was already revoked. */
export function revokeApiKey(store: Store, id: string): boolean {
  const info = store.db
    .prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
    .run(store.nowIso(), id);
  return info.changes > 0;
}

/** The API's view of a stored key: lib/api/api-keys.ts's ApiKey, scopes in the map form. */
export function apiKeyView(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: parseJsonColumn<Record<string, boolean>>(row.scopes, {}),
    workflows: parseJsonColumn<string[]>(row.workflows, []),
    created_at: row.created_at,
    expires_at: row.expires_at,
    last_used_at: row.last_used_at,
    revoked_at: row.revoked_at,
    created_by: row.created_by,
  };
}
