import type { Context } from '../../lib/context.js';
import { success } from '../../lib/display/messages.js';
import { notFound, rephrase } from '../rephrase.js';
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
  try {
    await client.delete(`/api/v1/api-keys/${encodeURIComponent(id)}`);
  } catch (e) {
    rephrase(e, notFound, 'unexpected', `no API key with id ${id}`, {
      hint: '`fibonacci auth list-keys` shows the ids',
    });
  }
  success(ctx.io, `Revoked API key ${id}`);
}
