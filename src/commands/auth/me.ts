import { refusalReason } from '../../lib/api/http-errors.js';
import * as identity from '../../lib/api/identity.js';
import { rephrase } from '../../lib/api/rephrase.js';
import type { ApiClient } from '../../lib/api/types.js';
import type { Context } from '../../lib/context.js';
import { relativeTime } from '../../lib/display/time.js';
import { CliError } from '../../lib/errors.js';
import type { BoundKey } from '../../lib/origin.js';

/**
 * Resolve `key` (with the origin it is for) with `/auth/me`. A refused key becomes `message` (given
 * the client's base URL and the server's reason, when it gave one) and `hint`, exit 4; other
 * failures pass through.
 */
export async function checkKey(
  ctx: Context,
  key: BoundKey,
  message: (baseUrl: string, reason: string | undefined) => string,
  hint: string | ((reason: string | undefined) => string),
): Promise<{ client: ApiClient; identity: identity.Identity }> {
  const client = await ctx.api({ key });
  try {
    return { client, identity: await identity.me(client) };
  } catch (e) {
    // The server's reason ("API key has expired"), for a message that passes it on.
    const reason = e instanceof CliError ? refusalReason(e) : undefined;
    const said = typeof hint === 'string' ? hint : hint(reason);
    rephrase(e, (x) => x.kind === 'auth', 'auth', message(client.baseUrl, reason), { hint: said });
  }
}

/** Keys expiring within this many days get a warning. */
export const EXPIRY_WARNING_DAYS = 7;

/** A key's expiry as the commands word it. */
export interface ExpiryNote {
  at: Date;
  expired: boolean;
  /**
   * `expired`, or how long is left in the words of `auth list-keys`' table (date-fns, rounded:
   * `in 24 hours`, `in 2 days`, `in 3 months`). Hostile pass 15, H15-6: whole days rounded down
   * said `expires in 0 days` for a key of 1 day and `in 1 days` for one of 2.
   */
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
    when: expired
      ? 'expired'
      : at.getTime() - now.getTime() < 5000
        ? 'in a few seconds'
        : relativeTime(at, now),
    soon: days < EXPIRY_WARNING_DAYS,
  };
}
