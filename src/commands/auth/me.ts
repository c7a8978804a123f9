import type { ApiClient } from '../../lib/api/types.js';
import type { Context } from '../../lib/context.js';
import type { BoundKey } from '../../lib/origin.js';
import { normalizeScopes } from '../../lib/scopes.js';
import { rephrase } from '../rephrase.js';

/** The identity a key resolves to (api.md `GET /api/v1/auth/me`). */
export interface Identity {
  key_id: string;
  key_name: string | null;
  user_id: string;
  organization_id: string;
  role: string;
  /** Normalised from the map form or the legacy list form. */
  scopes: string[];
  workflows: string[];
  created_at: string | null;
  expires_at: string | null;
}

/** A string field of an API answer, or null when absent or of another type. */
export function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** The strings of a list field (workflow patterns); anything else is dropped. */
export function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((w): w is string => typeof w === 'string') : [];
}

/** Call `/auth/me` and normalise the answer. */
export async function fetchIdentity(client: ApiClient): Promise<Identity> {
  const raw = await client.get<Record<string, unknown>>('/api/v1/auth/me');
  return {
    key_id: str(raw.key_id) ?? '',
    key_name: str(raw.key_name),
    user_id: str(raw.user_id) ?? '',
    organization_id: str(raw.organization_id) ?? '',
    role: str(raw.role) ?? '',
    scopes: normalizeScopes(raw.scopes),
    workflows: strings(raw.workflows),
    created_at: str(raw.created_at),
    expires_at: str(raw.expires_at),
  };
}

/**
 * Resolve `key` (with the origin it is for) with `/auth/me`. A refused key becomes `message` (given
 * the client's base URL) and `hint`, exit 4; other failures pass through.
 */
export async function checkKey(
  ctx: Context,
  key: BoundKey,
  message: (baseUrl: string) => string,
  hint: string,
): Promise<{ client: ApiClient; identity: Identity }> {
  const client = await ctx.api({ key });
  try {
    return { client, identity: await fetchIdentity(client) };
  } catch (e) {
    rephrase(e, (x) => x.kind === 'auth', 'auth', message(client.baseUrl), { hint });
  }
}

/** Keys expiring within this many days get a warning. */
export const EXPIRY_WARNING_DAYS = 7;

/** A key's expiry as the commands word it. */
export interface ExpiryNote {
  at: Date;
  expired: boolean;
  /** `expired`, or `in N days` (whole days, rounded down). */
  when: string;
  /** Expired or within EXPIRY_WARNING_DAYS: worth a warning. */
  soon: boolean;
}

/** The expiry note of a key, or null when it never expires (or its date does not parse). */
export function expiryNote(expiresAt: string | null, now: Date): ExpiryNote | null {
  if (!expiresAt) return null;
  const at = new Date(expiresAt);
  if (Number.isNaN(at.getTime())) return null;
  const days = (at.getTime() - now.getTime()) / 86_400_000;
  const expired = days < 0;
  return {
    at,
    expired,
    when: expired ? 'expired' : `in ${Math.floor(days)} days`,
    soon: days < EXPIRY_WARNING_DAYS,
  };
}
