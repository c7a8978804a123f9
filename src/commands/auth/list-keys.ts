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

  if (opts.json) printJson(ctx.io, keys);
  else if (keys.length === 0) {
    if (ctx.io.stderrIsTTY) note(ctx.io, 'No API keys');
  } else {
    const columns: Column<KeyInfo>[] = [
      { header: 'id', value: (k) => k.id },
      // Free text gives way on a narrow terminal (--json has every field whole); ids never do.
      { header: 'name', value: (k) => k.name, shrink: true },
      { header: 'prefix', value: (k) => k.prefix, drop: 1 },
      { header: 'scopes', value: (k) => listCell(k.scopes), shrink: true },
      { header: 'workflows', value: (k) => listCell(k.workflows), shrink: true },
      { header: 'created', value: (k) => formatTime(ctx.io, k.created_at, now), drop: 4 },
      {
        header: 'expires',
        value: (k) => (k.expires_at ? formatTime(ctx.io, k.expires_at, now) : 'never'),
        style: (k) => (expiring(k) !== null ? 'yellow' : undefined),
      },
      { header: 'last used', value: (k) => formatTime(ctx.io, k.last_used_at, now), drop: 3 },
      { header: 'revoked', value: (k) => formatTime(ctx.io, k.revoked_at, now), drop: 5 },
    ];
    printRows(ctx.io, columns, keys);
  }
  for (const k of keys) {
    const expiry = expiring(k);
    if (expiry === null) continue;
    warn(ctx.io, `key ${k.name} (${k.id}) ${expiry.expired ? 'has expired' : `expires ${expiry.when}`}`);
  }
}
