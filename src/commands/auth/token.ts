import type { Context } from '../../lib/context.js';

/** `auth token`: print the key in use on stdout, nothing else (for `$(…)`). */
export async function runToken(ctx: Context): Promise<void> {
  const cred = await ctx.requireCredential();
  ctx.io.out(`${cred.key}\n`);
}
