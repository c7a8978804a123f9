import * as identity from '../../lib/api/identity.js';
import type { ApiClient } from '../../lib/api/types.js';
import type { Context } from '../../lib/context.js';
import { usageError } from '../../lib/errors.js';

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

/** Call an endpoint of the caller's own organization, whose id comes from the key's identity. */
export async function withOrg<T>(
  ctx: Context,
  call: (client: ApiClient, orgId: string) => Promise<T>,
): Promise<{ orgId: string; data: T }> {
  const client = await ctx.api();
  const { organization_id: orgId } = await identity.me(client);
  return { orgId, data: await call(client, orgId) };
}
