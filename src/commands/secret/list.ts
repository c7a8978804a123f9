import * as secrets from '../../lib/api/secrets.js';
import type { Context } from '../../lib/context.js';
import { printJson } from '../../lib/display/json.js';
import { note } from '../../lib/display/messages.js';
import { type Column, printRows } from '../../lib/display/table.js';
import { formatTime } from '../../lib/display/time.js';
import type { Style } from '../../lib/io.js';
import { resolveEnvironment, type SecretMeta, scopeLabel } from './common.js';

export interface ListOptions {
  env?: string | undefined;
  json?: boolean | undefined;
}

/** The ROTATION cell: `in 12 days`, `DUE`, or `-` without a policy. */
export function rotationText(meta: SecretMeta): string {
  const r = meta.rotation;
  if (!r) return '-';
  if (r.due) return 'DUE';
  return r.days_remaining === 1 ? 'in 1 day' : `in ${r.days_remaining} days`;
}

function rotationStyle(meta: SecretMeta): Style | undefined {
  const r = meta.rotation;
  if (r?.due) return 'red';
  if (r && r.days_remaining <= r.notify_before_days) return 'yellow';
  return undefined;
}

/** The stable `--json` shape: SecretMeta plus top-level days_remaining and due for easy filtering. */
function jsonRow(meta: SecretMeta) {
  return {
    name: meta.name,
    environment: meta.environment,
    version: meta.version,
    created_at: meta.created_at,
    updated_at: meta.updated_at,
    updated_by: meta.updated_by,
    rotation: meta.rotation,
    days_remaining: meta.rotation ? meta.rotation.days_remaining : null,
    due: meta.rotation?.due === true,
  };
}

/** `secret list`: names and metadata of one scope, never values. */
export async function runList(opts: ListOptions, ctx: Context): Promise<void> {
  const environment = resolveEnvironment(opts.env, ctx);
  const client = await ctx.api();
  const list = await secrets.list(client, environment);
  if (opts.json) {
    printJson(ctx.io, list.map(jsonRow));
    return;
  }
  if (list.length === 0) {
    if (ctx.io.stderrIsTTY) note(ctx.io, `No secrets in ${scopeLabel(environment)}`);
    return;
  }
  const now = ctx.clock();
  const columns: Column<SecretMeta>[] = [
    { header: 'name', value: (s) => s.name },
    { header: 'environment', value: (s) => scopeLabel(s.environment) },
    { header: 'version', value: (s) => String(s.version) },
    { header: 'updated', value: (s) => formatTime(ctx.io, s.updated_at, now) },
    { header: 'updated by', value: (s) => s.updated_by ?? '-' },
    { header: 'rotation', value: rotationText, style: rotationStyle },
  ];
  printRows(ctx.io, columns, list);
}
