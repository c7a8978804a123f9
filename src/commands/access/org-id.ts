import * as identity from '../../lib/api/identity.js';
import type { ApiClient } from '../../lib/api/types.js';
import type { Context } from '../../lib/context.js';

/** The client and the caller's own organization, whose id comes from the key's identity. */
export async function orgClient(ctx: Context): Promise<{ client: ApiClient; orgId: string }> {
  const client = await ctx.api();
  const { organization_id: orgId } = await identity.me(client);
  return { client, orgId };
}
