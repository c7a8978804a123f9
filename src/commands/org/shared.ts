import type { ApiClient } from '../../lib/api/types.js';
import type { Context } from '../../lib/context.js';
import { fetchIdentity } from '../auth/me.js';
import { notFound, rephrase } from '../rephrase.js';

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
