import * as apiKeys from '../../lib/api/api-keys.js';
import type { Context } from '../../lib/context.js';
import { success } from '../../lib/display/messages.js';
import { confirmOrYes } from '../shared.js';

export interface RevokeKeyOptions {
  id: string;
  yes?: boolean | undefined;
}

/** `auth revoke-key ID`: asks on a TTY; without one `--yes` is required (exit 10). */
export async function runRevokeKey(opts: RevokeKeyOptions, ctx: Context): Promise<void> {
  const { id } = opts;
  await confirmOrYes(ctx, opts.yes, {
    doing: `revoking ${id}`,
    verb: 'revoke',
    question: `Revoke API key ${id}? Anything using it is refused at once.`,
    cancelled: `cancelled: ${id} was not revoked`,
  });
  const client = await ctx.api();
  await apiKeys.revoke(client, id);
  success(ctx.io, `Revoked API key ${id}`);
}
