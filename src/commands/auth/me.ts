import type { ApiClient } from '../../lib/api/types.js';
import { normalizeScopes } from '../../lib/scopes.js';

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

/** Call `/auth/me` and normalise the answer. */
export async function fetchIdentity(client: ApiClient): Promise<Identity> {
  const raw = await client.get<Record<string, unknown>>('/api/v1/auth/me');
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    key_id: str(raw.key_id) ?? '',
    key_name: str(raw.key_name),
    user_id: str(raw.user_id) ?? '',
    organization_id: str(raw.organization_id) ?? '',
    role: str(raw.role) ?? '',
    scopes: normalizeScopes(raw.scopes),
    workflows: Array.isArray(raw.workflows)
      ? raw.workflows.filter((w): w is string => typeof w === 'string')
      : [],
    created_at: str(raw.created_at),
    expires_at: str(raw.expires_at),
  };
}

/** Days until an expiry (fractional), or null when the key never expires. */
export function daysUntil(expiresAt: string | null, now: Date): number | null {
  if (!expiresAt) return null;
  const t = Date.parse(expiresAt);
  return Number.isNaN(t) ? null : (t - now.getTime()) / 86_400_000;
}

/** Keys expiring within this many days get a warning. */
export const EXPIRY_WARNING_DAYS = 7;
