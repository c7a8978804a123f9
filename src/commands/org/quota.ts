import * as orgs from '../../lib/api/orgs.js';
import type { Context } from '../../lib/context.js';
import { jsonText, printJson } from '../../lib/display/json.js';
import { success, warn } from '../../lib/display/messages.js';
import { printRows } from '../../lib/display/table.js';
import { doneBeforeOutput } from '../../lib/write-errors.js';
import { withOrg } from './shared.js';

export interface QuotaOptions {
  json?: boolean | undefined;
}

export interface QuotaSetOptions extends QuotaOptions {
  /** Limit name (one of QUOTA_KEYS) → a whole number, checked while argv was parsed. */
  overrides: Record<string, number>;
}

function printQuota(ctx: Context, q: orgs.Quota): void {
  const keys = [...new Set([...Object.keys(q.limits), ...Object.keys(q.effective)])];
  const cell = (v: number | undefined) => (v === undefined ? '-' : String(v));
  printRows(
    ctx.io,
    [
      { header: 'limit', value: (k: string) => k },
      { header: `${q.plan} default`, value: (k) => cell(q.limits[k]) },
      { header: 'override', value: (k) => cell(q.overrides[k]) },
      { header: 'effective', value: (k) => cell(q.effective[k]) },
    ],
    keys,
  );
}

/** `org quota`: plan defaults, overrides and the effective limits of the caller's organization. */
export async function runQuota(opts: QuotaOptions, ctx: Context): Promise<void> {
  const { data } = await withOrg(ctx, orgs.quota);
  if (opts.json) printJson(ctx.io, data);
  else printQuota(ctx, data);
}

/**
 * `org quota set KEY=VALUE…`: send the overrides (whole numbers: pairs.ts refused anything else); the
 * server refuses values above 100× the plan default (422, exit 2). A value the server still says it
 * discarded (another server's rules) is warned about, not hidden.
 */
export async function runQuotaSet(opts: QuotaSetOptions, ctx: Context): Promise<void> {
  const body = opts.overrides;
  const { orgId, data } = await withOrg(ctx, (client, id) => orgs.setQuota(client, id, body));
  doneBeforeOutput(`the quota of ${orgId} was updated`, '`fibonacci org quota` shows it');
  for (const d of data.discarded ?? []) {
    warn(
      ctx.io,
      `${d.field}=${jsonText(d.value)} was discarded (${d.reason}); the ${data.plan} default ${data.limits[d.field]} applies`,
    );
  }
  if (opts.json) printJson(ctx.io, data);
  else printQuota(ctx, data);
  success(ctx.io, `Quota of ${orgId} updated`);
}
