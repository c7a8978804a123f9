import { timingSafeEqual } from 'node:crypto';
import { effectiveRole, rankOf } from '../lib/access-policy/roles.js';
import { normalizeScopes } from '../lib/scopes.js';
import { currentPolicy } from './access/policy-store.js';
import { type ApiKeyRow, findApiKeysByPrefix, getApiKey, getUser, touchApiKey } from './accounts.js';
import { displayPrefix, hashKey } from './ids.js';
import { parseJsonColumn } from './json-column.js';
import type { Store } from './store.js';
import type { Principal } from './types.js';

/** Why a request could not be authenticated (recorded in the auth.failed event). */
export type AuthFailureReason = 'missing' | 'scheme' | 'malformed' | 'unknown' | 'revoked' | 'expired';

export type AuthOutcome =
  | { ok: true; principal: Principal }
  | {
      ok: false;
      reason: AuthFailureReason;
      /** The 401 body's detail. Never contains the key. */
      detail: string;
      /** Known only for revoked or expired keys. */
      keyId?: string;
      userId?: string;
      orgId?: string;
    };

const DETAILS: Record<AuthFailureReason, string> = {
  missing: 'Not authenticated',
  scheme: 'invalid authorization scheme: use Authorization: Bearer <API key>',
  malformed: 'invalid API key',
  unknown: 'invalid API key',
  revoked: 'API key has been revoked',
  expired: 'API key has expired',
};

// Generous on length and alphabet (other servers' keys), strict enough to refuse junk cheaply.
const KEY_SHAPE = /^fib_[A-Za-z0-9_-]{8,256}$/;

function fail(reason: AuthFailureReason, row?: ApiKeyRow): AuthOutcome {
  const out: AuthOutcome = { ok: false, reason, detail: DETAILS[reason] };
  if (row) {
    out.keyId = row.id;
    out.userId = row.user_id;
    out.orgId = row.org_id;
  }
  return out;
}

/** Find the stored key whose hash matches, comparing hashes in constant time. */
function matchKey(store: Store, key: string): ApiKeyRow | undefined {
  const wanted = Buffer.from(hashKey(key), 'hex');
  let found: ApiKeyRow | undefined;
  for (const row of findApiKeysByPrefix(store, displayPrefix(key))) {
    const stored = Buffer.from(row.key_hash, 'hex');
    if (stored.length === wanted.length && timingSafeEqual(stored, wanted)) found = row;
  }
  return found;
}

/**
 * Authenticate an `Authorization` header value: `Bearer <key>` and nothing else. On success the
 * key's last_used_at is updated and the principal returned; a failure says why, without the key.
 */
export function authenticate(store: Store, authorization: string | undefined): AuthOutcome {
  if (authorization === undefined || authorization.trim() === '') return fail('missing');
  const match = /^(\S+)\s+(\S+)\s*$/.exec(authorization.trim());
  if (!match) return fail(/^bearer$/i.test(authorization.trim()) ? 'malformed' : 'scheme');
  const [, scheme, key] = match as unknown as [string, string, string];
  if (scheme.toLowerCase() !== 'bearer') return fail('scheme');
  if (!KEY_SHAPE.test(key)) return fail('malformed');

  const row = matchKey(store, key);
  if (!row) return fail('unknown');
  const outcome = standing(store, row);
  if (outcome.ok) touchApiKey(store, row.id);
  return outcome;
}

/**
 * The principal of an already-authenticated key as the database holds it now: whether the key
 * still stands (not revoked, not expired, its user still there) and the user's current role. For
 * the checks made again when a request's body has arrived and inside the transaction of a change
 * (./recheck.ts); it writes nothing.
 */
export function reauthenticate(store: Store, keyId: string): AuthOutcome {
  const row = getApiKey(store, keyId);
  return row ? standing(store, row) : fail('unknown');
}

function standing(store: Store, row: ApiKeyRow): AuthOutcome {
  if (row.revoked_at !== null) return fail('revoked', row);
  if (row.expires_at !== null && Date.parse(row.expires_at) <= store.now().getTime())
    return fail('expired', row);
  const user = getUser(store, row.user_id);
  if (!user) return fail('unknown');
  const scopeMap = parseJsonColumn<Record<string, boolean>>(row.scopes, {});
  // The role is decided by the policy in force now: a custom role it no longer has falls back to
  // its default_role at once, without touching the stored user.
  const policyRole = effectiveRole(currentPolicy(store, row.org_id).policy, user.role);
  return {
    ok: true,
    principal: {
      keyId: row.id,
      keyName: row.name,
      userId: user.id,
      orgId: row.org_id,
      role: rankOf(policyRole),
      policyRole,
      isSuperuser: user.is_superuser === 1,
      scopes: normalizeScopes(scopeMap),
      scopeMap,
      workflows: parseJsonColumn<string[]>(row.workflows, []),
      createdAt: row.created_at,
      expiresAt: row.expires_at,
    },
  };
}
