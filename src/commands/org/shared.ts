import type { ApiClient } from '../../lib/api/types.js';
import type { Context } from '../../lib/context.js';
import { usageError } from '../../lib/errors.js';
import { fetchIdentity } from '../auth/me.js';
import { notFound, rephrase } from '../rephrase.js';

/** Split `KEY=VALUE` arguments, refusing a malformed or repeated one (exit 2). */
export function parsePairs(pairs: readonly string[]): Array<[string, string]> {
  const seen = new Set<string>();
  return pairs.map((pair) => {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw usageError(`expected KEY=VALUE, not "${pair}"`, 'e.g. workflow_runs_per_hour=5000');
    const key = pair.slice(0, eq).trim();
    if (seen.has(key)) throw usageError(`"${key}" is given twice`);
    seen.add(key);
    return [key, pair.slice(eq + 1).trim()];
  });
}

/**
 * Call an organization endpoint of the caller's own organization (its id comes from
 * `GET /api/v1/auth/me`), rephrasing a 404 for humans.
 */
export async function withOrg<T>(
  ctx: Context,
  what: string,
  call: (client: ApiClient, path: string) => Promise<T>,
): Promise<{ orgId: string; data: T }> {
  const client = await ctx.api();
  const { organization_id: orgId } = await fetchIdentity(client);
  try {
    return {
      orgId,
      data: await call(client, `/api/v1/organizations/${encodeURIComponent(orgId)}/${what}`),
    };
  } catch (e) {
    rephrase(e, notFound, 'unexpected', `this server has no ${what} for organization ${orgId}`, {
      hint: 'is FIBONACCI_BASE_URL a Fibonacci API with organization settings?',
    });
  }
}
