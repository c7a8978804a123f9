import * as apiKeys from '../../lib/api/api-keys.js';
import type { Context } from '../../lib/context.js';
import { printJson } from '../../lib/display/json.js';
import { note, warn } from '../../lib/display/messages.js';
import { type Column, printRows } from '../../lib/display/table.js';
import { formatTime } from '../../lib/display/time.js';
import { expiryNote } from './me.js';

type KeyInfo = apiKeys.KeyInfo;

/** Scopes or patterns as one cell. */
export function listCell(items: readonly string[]): string {
  return items.length > 0 ? items.join(',') : '-';
}

/** The STATUS cell: `revoked`, `expired` (its expiry passed) or `active`. */
export function keyStatus(k: KeyInfo, now: Date): 'active' | 'revoked' | 'expired' {
  if (k.revoked_at) return 'revoked';
  if (k.expires_at && Date.parse(k.expires_at) <= now.getTime()) return 'expired';
  return 'active';
}

export interface ListKeysOptions {
  json?: boolean | undefined;
}

/** `auth list-keys`: every key the caller may see, with a warning for those about to expire. */
export async function runListKeys(opts: ListKeysOptions, ctx: Context): Promise<void> {
  const client = await ctx.api();
  const keys = await apiKeys.list(client);
  const now = ctx.clock();
  const expiring = (k: KeyInfo) => {
    const expiry = k.revoked_at ? null : expiryNote(k.expires_at, now);
    return expiry?.soon ? expiry : null;
  };

  // --json carries the STATUS the table shows, so a script need not redo the expiry arithmetic.
  if (opts.json)
    printJson(
      ctx.io,
      keys.map((k) => ({ ...k, status: keyStatus(k, now) })),
    );
  else if (keys.length === 0) {
    if (ctx.io.stderrIsTTY) note(ctx.io, 'No API keys');
  } else {
    // A key's state is never left out, and its id and name are never cut (they are what
    // revoke-key takes); the least needed columns go first on a narrow terminal: REVOKED (STATUS
    // says it), CREATED and LAST USED before the prefix, which matches a key in hand to its row.
    const status: Column<KeyInfo> = {
      header: 'status',
      value: (k) => keyStatus(k, now),
      style: (k) => (k.revoked_at ? 'red' : expiring(k) !== null ? 'yellow' : undefined),
    };
    const columns: Column<KeyInfo>[] = [
      { header: 'id', value: (k) => k.id },
      { header: 'name', value: (k) => k.name },
      { header: 'prefix', value: (k) => k.prefix, drop: 2 },
      { header: 'scopes', value: (k) => listCell(k.scopes), shrink: true, drop: 3 },
      { header: 'workflows', value: (k) => listCell(k.workflows), shrink: true, drop: 5 },
      { header: 'created', value: (k) => formatTime(ctx.io, k.created_at, now), drop: 8 },
      {
        header: 'expires',
        value: (k) => (k.expires_at ? formatTime(ctx.io, k.expires_at, now) : 'never'),
        style: (k) => (expiring(k) !== null ? 'yellow' : undefined),
        drop: 4,
      },
      { header: 'last used', value: (k) => formatTime(ctx.io, k.last_used_at, now), drop: 7 },
      { header: 'revoked', value: (k) => formatTime(ctx.io, k.revoked_at, now), drop: 9 },
    ];
    // Beside the name on a terminal; piped, the last field, so a script's fields keep their places.
    if (ctx.io.stdoutIsTTY) columns.splice(2, 0, status);
    else columns.push(status);
    printRows(ctx.io, columns, keys);
  }
  for (const k of keys) {
    const expiry = expiring(k);
    if (expiry === null) continue;
    warn(ctx.io, `key ${k.name} (${k.id}) ${expiry.expired ? 'has expired' : `expires ${expiry.when}`}`);
  }
}
