import type { Context } from '../../lib/context.js';
import { type Credential, originLabel, refusedKeyHint } from '../../lib/credentials.js';
import { printBlock } from '../../lib/display/block.js';
import { printJson } from '../../lib/display/json.js';
import { line, warn } from '../../lib/display/messages.js';
import { styled, t } from '../../lib/display/text.js';
import { rfc3339 } from '../../lib/display/time.js';
import { CliError, maskKey } from '../../lib/errors.js';
import { ANY_ORIGIN } from '../../lib/origin.js';
import { checkKey, expiryNote } from './me.js';

export interface StatusOptions {
  json?: boolean;
}

/**
 * What is stored, when the server could not be asked about it (down, refused, a TLS failure)
 * or failed to answer (5xx): the origin, where the key comes from and the key masked, as the full status shows
 * them; the server's fields null in JSON. The error, printed after it, says why and exits with
 * its own code (7 for the network).
 */
function printStoredOnly(opts: StatusOptions, ctx: Context, cred: Credential): void {
  if (opts.json) {
    printJson(ctx.io, {
      api_url: ctx.settings.baseUrl,
      origin: ctx.settings.origin,
      key_origin: cred.origin === ANY_ORIGIN ? null : cred.origin,
      source: cred.source,
      key: maskKey(cred.key),
      key_id: null,
      key_name: null,
      user_id: null,
      organization_id: null,
      role: null,
      scopes: null,
      workflows: null,
      created_at: null,
      expires_at: null,
    });
    return;
  }
  const io = ctx.io;
  line(io, ctx.settings.baseUrl);
  line(io, t`  ${styled('red', t`✗`)} Not checked with the server (the error below says why)`);
  printBlock(
    io,
    [
      ['Source', t`${cred.sourceLabel} (${originLabel(cred)})`],
      ['Key', maskKey(cred.key)],
    ],
    { indent: 2 },
  );
}

/** `auth status`: where the key comes from and what it may do. Exit 4 when not logged in. */
export async function runStatus(opts: StatusOptions, ctx: Context): Promise<void> {
  const cred = await ctx.requireCredential();
  let checked: Awaited<ReturnType<typeof checkKey>>;
  try {
    checked = await checkKey(
      ctx,
      cred,
      // The server's reason ("API key has expired") is passed on, as every other command does
      // (newcomer pass 14, NC-19): status is the command a user runs to learn what is wrong.
      (_url, reason) =>
        `the API rejected the key from ${cred.sourceLabel} (${maskKey(cred.key)})${reason ? `: ${reason}` : ''}`,
      // The error names the key's source already; the variable's remedy is said once.
      (reason) => {
        const fix =
          cred.source === 'environment'
            ? 'set FIBONACCI_API_KEY to a current key, or unset it'
            : refusedKeyHint(cred.source, ctx.settings);
        return reason ? fix : `the key may be revoked or expired: ${fix}`;
      },
    );
  } catch (e) {
    // Only when the server could not be asked (down, TLS) or failed: a refused key (exit 4) is
    // named in its error already, and a local mistake (an unreadable CA, exit 3) is bad input.
    if (e instanceof CliError && (e.kind === 'network' || (e.status ?? 0) >= 500))
      printStoredOnly(opts, ctx, cred);
    throw e;
  }
  const { client, identity: me } = checked;
  const expiry = expiryNote(me.expires_at, ctx.clock());
  if (opts.json) {
    printJson(ctx.io, {
      api_url: client.baseUrl,
      origin: ctx.settings.origin,
      // null: FIBONACCI_API_KEY, which is bound to no origin.
      key_origin: cred.origin === ANY_ORIGIN ? null : cred.origin,
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
    line(io, client.baseUrl);
    line(io, t`  ${styled('green', t`✓`)} Logged in as ${me.user_id} in organization ${me.organization_id}`);
    printBlock(
      io,
      [
        ['Source', t`${cred.sourceLabel} (${originLabel(cred)})`],
        ['Key', t`${maskKey(cred.key)}${me.key_name ? t` (${me.key_name}, ${me.key_id})` : ''}`],
        ['Role', me.role],
        ['Scopes', me.scopes.length ? me.scopes.join(', ') : '(none)'],
        ['Workflows', me.workflows.length ? me.workflows.join(', ') : '(none)'],
        ['Expires', expiry ? `${rfc3339(expiry.at)} (${expiry.when})` : 'never'],
      ],
      { indent: 2 },
    );
  }
  if (expiry?.soon) {
    warn(
      ctx.io,
      expiry.expired
        ? 'this key has expired'
        : `this key expires ${expiry.when}; create a new one with \`fibonacci auth create-key\``,
    );
  }
}
