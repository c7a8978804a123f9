import type { Context } from '../../lib/context.js';
import { printJson } from '../../lib/display/json.js';
import { note, warn } from '../../lib/display/messages.js';
import { type Column, printRows } from '../../lib/display/table.js';
import { formatTime } from '../../lib/display/time.js';
import { normalizeScopes } from '../../lib/scopes.js';
import { expiryNote, str, strings } from './me.js';

/** An API key as the CLI shows it: scopes normalised from the map or list form; never the key. */
export interface KeyInfo {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  workflows: string[];
  created_at: string | null;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
  created_by: string | null;
}

/** Read one ApiKey of api.md, whatever scope form the server used. */
export function toKeyInfo(raw: Record<string, unknown>): KeyInfo {
  return {
    id: str(raw.id) ?? '',
    name: str(raw.name) ?? '',
    prefix: str(raw.prefix) ?? '',
    scopes: normalizeScopes(raw.scopes),
    workflows: strings(raw.workflows),
    created_at: str(raw.created_at),
    expires_at: str(raw.expires_at),
    last_used_at: str(raw.last_used_at),
    revoked_at: str(raw.revoked_at),
    created_by: str(raw.created_by),
  };
}

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
  const data = await client.get<unknown>('/api/v1/api-keys');
  const list = Array.isArray(data) ? data : (data as { api_keys?: unknown } | null)?.api_keys;
  const keys = (Array.isArray(list) ? list : []).map((k) => toKeyInfo(k as Record<string, unknown>));
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
      { header: 'name', value: (k) => k.name },
      { header: 'prefix', value: (k) => k.prefix },
      { header: 'scopes', value: (k) => listCell(k.scopes) },
      { header: 'workflows', value: (k) => listCell(k.workflows) },
      { header: 'created', value: (k) => formatTime(ctx.io, k.created_at, now) },
      {
        header: 'expires',
        value: (k) => (k.expires_at ? formatTime(ctx.io, k.expires_at, now) : 'never'),
        style: (k) => (expiring(k) !== null ? 'yellow' : undefined),
      },
      { header: 'last used', value: (k) => formatTime(ctx.io, k.last_used_at, now) },
      { header: 'revoked', value: (k) => formatTime(ctx.io, k.revoked_at, now) },
    ];
    printRows(ctx.io, columns, keys);
  }
  for (const k of keys) {
    const expiry = expiring(k);
    if (expiry === null) continue;
    warn(ctx.io, `key ${k.name} (${k.id}) ${expiry.expired ? 'has expired' : `expires ${expiry.when}`}`);
  }
}
