import type { Context } from '../../lib/context.js';
import type { IO } from '../../lib/io.js';
import { type Column, formatTime, printJson, printRows } from '../../lib/output.js';
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
    const note = k.revoked_at ? null : expiryNote(k.expires_at, now);
    return note?.soon ? note : null;
  };

  if (opts.json) printJson(ctx.io, keys);
  else if (keys.length === 0) {
    if (ctx.io.stderrIsTTY) ctx.io.err('No API keys\n');
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
        color: (k, text, io: IO) => (expiring(k) !== null ? io.style('yellow', text) : text),
      },
      { header: 'last used', value: (k) => formatTime(ctx.io, k.last_used_at, now) },
      { header: 'revoked', value: (k) => formatTime(ctx.io, k.revoked_at, now) },
    ];
    printRows(ctx.io, columns, keys);
  }
  for (const k of keys) {
    const note = expiring(k);
    if (note === null) continue;
    ctx.warn(
      note.expired
        ? `warning: key ${k.name} (${k.id}) has expired`
        : `warning: key ${k.name} (${k.id}) expires ${note.when}`,
    );
  }
}
