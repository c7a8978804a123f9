import * as orgs from '../../lib/api/orgs.js';
import type { Context } from '../../lib/context.js';
import { printJson } from '../../lib/display/json.js';
import { success } from '../../lib/display/messages.js';
import { printRows } from '../../lib/display/table.js';
import { doneBeforeOutput } from '../../lib/write-errors.js';
import { governancePatch } from './pairs.js';
import { withOrg } from './shared.js';

export interface GovernanceOptions {
  json?: boolean | undefined;
}

export interface GovernanceSetOptions extends GovernanceOptions {
  /** Setting → its typed value; `category_flags.NAME` keys as given (null: unset the flag). */
  settings: Record<string, boolean | number | null>;
}

function printGovernance(ctx: Context, g: orgs.Governance): void {
  const rows: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(g)) {
    if (k === 'category_flags') continue;
    rows.push([k, String(v)]);
  }
  for (const [flag, on] of Object.entries(g.category_flags ?? {}))
    rows.push([`category_flags.${flag}`, String(on)]);
  printRows(
    ctx.io,
    [
      { header: 'setting', value: (r: [string, string]) => r[0] },
      { header: 'value', value: (r) => r[1], shrink: true },
    ],
    rows,
  );
}

/** `org governance`: the organization's approval settings. */
export async function runGovernance(opts: GovernanceOptions, ctx: Context): Promise<void> {
  const { data } = await withOrg(ctx, orgs.governance);
  if (opts.json) printJson(ctx.io, data);
  else printGovernance(ctx, data);
}

/** `org governance set KEY=VALUE…`: a partial update; the server audits before/after values. */
export async function runGovernanceSet(opts: GovernanceSetOptions, ctx: Context): Promise<void> {
  // pairs.ts typed every value by its setting, so the body has the API's shape.
  const body = governancePatch(opts.settings) as orgs.GovernanceUpdate;
  const { orgId, data } = await withOrg(ctx, (client, id) => orgs.setGovernance(client, id, body));
  doneBeforeOutput(
    `the governance settings of ${orgId} were updated`,
    '`fibonacci org governance` shows them',
  );
  if (opts.json) printJson(ctx.io, data);
  else printGovernance(ctx, data);
  success(ctx.io, `Governance of ${orgId} updated`);
}
