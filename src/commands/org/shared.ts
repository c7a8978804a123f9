import * as identity from '../../lib/api/identity.js';
import type { ApiClient } from '../../lib/api/types.js';
import type { Context } from '../../lib/context.js';

/** Call an endpoint of the caller's own organization, whose id comes from the key's identity. */
export async function withOrg<T>(
  ctx: Context,
  call: (client: ApiClient, orgId: string) => Promise<T>,
): Promise<{ orgId: string; data: T }> {
  const client = await ctx.api();
  const { organization_id: orgId } = await identity.me(client);
  return { orgId, data: await call(client, orgId) };
}
