import type { Context } from '../../lib/context.js';
import { line } from '../../lib/display/messages.js';

/** `auth token`: print the key in use on stdout, nothing else (for `$(…)`). */
export async function runToken(_opts: Record<string, never>, ctx: Context): Promise<void> {
  const cred = await ctx.requireCredential();
  // Through the display layer like every line: a well-formed key has nothing to escape.
  line(ctx.io, cred.key);
}
