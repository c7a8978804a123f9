import type { ApiKeyRow } from '../accounts.js';
import { DAY_MS } from '../ids.js';
import type { Store } from '../store.js';

// How long a key created through the API lives, and how it ends: never after the key that created
// it. Its expiry is capped at the creator's, and revoking the creator revokes it (and its own
// children, at any depth). docs/authorization.md says why the cascade is the default.

/** Days a key lives when the request does not say (the CLI's default too). */
export const DEFAULT_KEY_DAYS = 90;

/** A new key's expiry, and whether the creator's expiry cut it short. */
export interface ChildExpiry {
  expiresAt: string | null;
  capped: boolean;
}

/**
 * The expiry of a key its creator asks for `days` (undefined: the default; null: never), capped at
 * the creator's own expiry: a longer or absent lifetime becomes the creator's.
 */
export function childExpiry(
  now: Date,
  days: number | null | undefined,
  creatorExpiresAt: string | null,
): ChildExpiry {
  const asked = days === undefined ? DEFAULT_KEY_DAYS : days;
  const wanted = asked === null ? null : now.getTime() + asked * DAY_MS;
  if (creatorExpiresAt === null) {
    return { expiresAt: wanted === null ? null : new Date(wanted).toISOString(), capped: false };
  }
  const limit = Date.parse(creatorExpiresAt);
  if (wanted === null || wanted > limit) return { expiresAt: new Date(limit).toISOString(), capped: true };
  return { expiresAt: new Date(wanted).toISOString(), capped: false };
}

/**
 * Revoke a key and every live key created from it, at any depth, in the caller's transaction.
 * Returns the keys revoked now, the named one first if it was still live; keys already revoked are
 * left as they are (their descendants are still revoked: a key revoked before the cascade existed).
 */
export function revokeWithDescendants(store: Store, id: string): ApiKeyRow[] {
  const live = store
    .prepare(
      `WITH RECURSIVE tree(id, depth) AS (
         SELECT id, 0 FROM api_keys WHERE id = ?
         UNION SELECT k.id, tree.depth + 1 FROM api_keys k JOIN tree ON k.created_by_key = tree.id
       )
       SELECT api_keys.* FROM api_keys JOIN tree ON tree.id = api_keys.id
       WHERE api_keys.revoked_at IS NULL ORDER BY tree.depth, api_keys.created_at, api_keys.rowid`,
    )
    .all(id) as ApiKeyRow[];
  const now = store.nowIso();
  const revoke = store.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  for (const row of live) revoke.run(now, row.id);
  return live.map((row) => ({ ...row, revoked_at: now }));
}
