import type { Context } from '../../lib/context.js';
import { CliError, maskKey } from '../../lib/errors.js';
import { printJson, rfc3339 } from '../../lib/output.js';
import { daysUntil, EXPIRY_WARNING_DAYS, fetchIdentity } from './me.js';

export interface StatusOptions {
  json?: boolean;
}

/** `auth status`: where the key comes from and what it may do. Exit 4 when not logged in. */
export async function runStatus(opts: StatusOptions, ctx: Context): Promise<void> {
  const cred = await ctx.requireCredential();
  const client = await ctx.api({ apiKey: cred.key });
  let me: Awaited<ReturnType<typeof fetchIdentity>>;
  try {
    me = await fetchIdentity(client);
  } catch (e) {
    if (e instanceof CliError && e.kind === 'auth') {
      throw new CliError('auth', `the API rejected the key from ${cred.sourceLabel} (${maskKey(cred.key)})`, {
        hint: 'the key may be revoked or expired: run `fibonacci auth login` with a current key',
        requestId: e.requestId,
      });
    }
    throw e;
  }
  const now = ctx.clock();
  const days = daysUntil(me.expires_at, now);
  if (opts.json) {
    printJson(ctx.io, {
      api_url: client.baseUrl,
      source: cred.source,
      key: maskKey(cred.key),
      key_id: me.key_id,
      key_name: me.key_name,
      user_id: me.user_id,
      organization_id: me.organization_id,
      role: me.role,
      scopes: me.scopes,
      workflows: me.workflows,
      created_at: me.created_at,
      expires_at: me.expires_at,
    });
  } else {
    const io = ctx.io;
    const expiry =
      days === null || !me.expires_at
        ? 'never'
        : `${rfc3339(new Date(me.expires_at))} (${days < 0 ? 'expired' : `in ${Math.floor(days)} days`})`;
    io.out(`${client.baseUrl}\n`);
    io.out(`  ${io.style('green', '✓')} Logged in as ${me.user_id} in organization ${me.organization_id}\n`);
    io.out(`  Source:     ${cred.sourceLabel}\n`);
    io.out(`  Key:        ${maskKey(cred.key)}${me.key_name ? ` (${me.key_name}, ${me.key_id})` : ''}\n`);
    io.out(`  Role:       ${me.role}\n`);
    io.out(`  Scopes:     ${me.scopes.length ? me.scopes.join(', ') : '(none)'}\n`);
    io.out(`  Workflows:  ${me.workflows.length ? me.workflows.join(', ') : '(none)'}\n`);
    io.out(`  Expires:    ${expiry}\n`);
  }
  if (days !== null && days < EXPIRY_WARNING_DAYS) {
    ctx.warn(
      days < 0
        ? 'warning: this key has expired'
        : `warning: this key expires in ${Math.max(0, Math.floor(days))} days; create a new one with \`fibonacci auth create-key\``,
    );
  }
}
