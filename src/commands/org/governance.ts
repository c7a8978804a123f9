import * as orgs from '../../lib/api/orgs.js';
import type { Context } from '../../lib/context.js';
import { printJson } from '../../lib/display/json.js';
import { success } from '../../lib/display/messages.js';
import { printRows } from '../../lib/display/table.js';
import { usageError } from '../../lib/errors.js';
import { parsePairs, withOrg } from './shared.js';

export interface GovernanceOptions {
  json?: boolean;
}

const BOOLEAN_FIELDS = [
  'require_approval_for_external_comm',
  'require_approval_for_public_writes',
  'require_approval_for_permission_changes',
  'allow_self_approval',
] as const;
const isBooleanField = (key: string): key is (typeof BOOLEAN_FIELDS)[number] =>
  (BOOLEAN_FIELDS as readonly string[]).includes(key);
const FIELDS = [...BOOLEAN_FIELDS, 'approval_threshold', 'category_flags.NAME'];

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
      { header: 'value', value: (r) => r[1] },
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

function parseBoolean(key: string, text: string): boolean {
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw usageError(`${key} must be true or false, not "${text}"`);
}

/** Turn KEY=VALUE pairs into a PATCH body, typed by field; a typo is a usage error before any request. */
export function governancePatch(pairs: readonly string[]): orgs.GovernanceUpdate {
  const body: orgs.GovernanceUpdate = {};
  const flags: Record<string, boolean | null> = {};
  for (const [key, text] of parsePairs(pairs)) {
    if (isBooleanField(key)) body[key] = parseBoolean(key, text);
    else if (key === 'approval_threshold') {
      if (!/^\d+$/.test(text)) throw usageError(`approval_threshold must be a whole number, not "${text}"`);
      body.approval_threshold = Number(text);
    } else if (key.startsWith('category_flags.') && key.length > 'category_flags.'.length) {
      flags[key.slice('category_flags.'.length)] = text === 'unset' ? null : parseBoolean(key, text);
    } else {
      throw usageError(`unknown governance setting "${key}"`, `settings: ${FIELDS.join(', ')}`);
    }
  }
  if (Object.keys(flags).length > 0) body.category_flags = flags;
  return body;
}

/** `org governance set KEY=VALUE…`: a partial update; the server audits before/after values. */
export async function runGovernanceSet(
  pairs: string[],
  opts: GovernanceOptions,
  ctx: Context,
): Promise<void> {
  const body = governancePatch(pairs);
  const { orgId, data } = await withOrg(ctx, (client, id) => orgs.setGovernance(client, id, body));
  if (opts.json) printJson(ctx.io, data);
  else printGovernance(ctx, data);
  success(ctx.io, `Governance of ${orgId} updated`);
}
