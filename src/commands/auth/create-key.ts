import * as apiKeys from '../../lib/api/api-keys.js';
import type { Context } from '../../lib/context.js';
import { printBlock } from '../../lib/display/block.js';
import { printJson } from '../../lib/display/json.js';
import { line, warn } from '../../lib/display/messages.js';
import { t } from '../../lib/display/text.js';
import { formatTime } from '../../lib/display/time.js';
import { parseDays } from '../../lib/duration.js';
import { usageError } from '../../lib/errors.js';
import { isValidScope, VALID_SCOPES } from '../../lib/scopes.js';
import { listCell } from './list-keys.js';

type KeyInfo = apiKeys.KeyInfo;

export interface CreateKeyOptions {
  name: string;
  scope?: string[] | undefined;
  workflows?: string[] | undefined;
  expiresIn: string;
  plain?: boolean | undefined;
  json?: boolean | undefined;
}

/** `--scope` values, repeated or comma-separated, checked against api.md's names. */
export function parseScopeFlags(values: readonly string[] | undefined): string[] {
  const scopes = [...new Set((values ?? []).flatMap((v) => v.split(',')).map((s) => s.trim()))].filter(
    (s) => s !== '',
  );
  const hint = `valid scopes: ${VALID_SCOPES.join(', ')}`;
  if (scopes.length === 0) throw usageError('at least one --scope is needed', hint);
  const unknown = scopes.filter((s) => !isValidScope(s));
  if (unknown.length > 0) {
    throw usageError(`unknown scope${unknown.length > 1 ? 's' : ''} in --scope: ${unknown.join(', ')}`, hint);
  }
  return scopes;
}

/** `--expires-in`: whole days (`90d`, `2w`), or `never` (null). */
export function parseExpiresIn(text: string): number | null {
  return text.trim().toLowerCase() === 'never' ? null : parseDays(text, '--expires-in');
}

/** `auth create-key`: the new key is printed once, on stdout; nothing else ever prints it. */
export async function runCreateKey(opts: CreateKeyOptions, ctx: Context): Promise<void> {
  if (opts.name.trim() === '') throw usageError('--name must not be empty');
  const scopes = parseScopeFlags(opts.scope);
  const expiresInDays = parseExpiresIn(opts.expiresIn);
  const workflows = opts.workflows?.map((w) => w.trim()).filter((w) => w !== '');
  const client = await ctx.api();
  const { info, key, expires_at_capped } = await apiKeys.create(client, {
    name: opts.name,
    scopes,
    ...(workflows?.length ? { workflows } : {}),
    expires_in_days: expiresInDays,
  });
  const capped = expires_at_capped === true;
  const created: KeyInfo & { key: string; expires_at_capped?: boolean } = {
    ...info,
    key,
    ...(expires_at_capped === undefined ? {} : { expires_at_capped }),
  };
  if (opts.json) printJson(ctx.io, created);
  else if (opts.plain) line(ctx.io, key);
  else printCreated(ctx, created);
  if (capped) {
    // The server cut the lifetime asked for: a key never outlives the key that creates it.
    warn(
      ctx.io,
      t`the new key expires at ${created.expires_at ?? 'its creator’s expiry'}, with the key that created it: a key never outlives its creator`,
    );
  } else if (expiresInDays === null) {
    warn(ctx.io, '--expires-in never: this key will not expire; revoke it when it is no longer needed');
  }
  warn(ctx.io, 'this is the only time the key is shown: store it now, it cannot be shown again');
}

function printCreated(ctx: Context, k: KeyInfo & { key: string }): void {
  const expires = k.expires_at ? formatTime(ctx.io, k.expires_at, ctx.clock()) : 'never';
  printBlock(ctx.io, [
    ['ID', k.id],
    ['Name', k.name],
    ['Scopes', listCell(k.scopes)],
    ['Workflows', listCell(k.workflows)],
    ['Expires', expires],
    ['Key', k.key],
  ]);
}
