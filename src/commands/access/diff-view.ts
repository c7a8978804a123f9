import type { PolicyDiff, RuleRef } from '../../lib/access-policy/diff.js';
import type { CustomRole, Policy, StoredPolicy } from '../../lib/access-policy/schema.js';
import { line } from '../../lib/display/messages.js';
import { type Part, styled, t } from '../../lib/display/text.js';
import type { IO } from '../../lib/io.js';

// What `access apply` shows before it sends: one line per change, in the file's own terms
// (security.network, not the API's network), `+` added, `-` removed, `~` changed.

/** The stored policy without its version fields: what the diff compares. */
export function policyOf(stored: StoredPolicy): Policy {
  return { access_control: stored.access_control, network: stored.network };
}

const role = (r: CustomRole): Part =>
  t`role ${r.name} (${r.permissions.length > 0 ? r.permissions.join(', ') : 'no permissions'})`;
const rule = (r: RuleRef): Part => t`${r.kind} ${JSON.stringify(r.pattern)} ${r.action}`;
const roles = (names: readonly string[]): Part =>
  names.length > 0 ? names.join(', ') : '(nobody but the owner)';

/** The lines of a diff, each marked +, - or ~. */
export function diffLines(d: PolicyDiff): Array<['+' | '-' | '~', Part]> {
  const out: Array<['+' | '-' | '~', Part]> = [];
  if (d.enabled) out.push(['~', t`access_control.enabled: ${d.enabled.before} → ${d.enabled.after}`]);
  if (d.default_role)
    out.push(['~', t`access_control.default_role: ${d.default_role.before} → ${d.default_role.after}`]);
  for (const r of d.roles.added) out.push(['+', role(r)]);
  for (const r of d.roles.removed) out.push(['-', role(r)]);
  for (const r of d.roles.changed) out.push(['~', t`${role(r.before)} → ${role(r.after)}`]);
  for (const r of d.rules.added) out.push(['+', t`${rule(r)}: ${roles(r.roles)}`]);
  for (const r of d.rules.removed) out.push(['-', t`${rule(r)}: ${roles(r.roles)}`]);
  for (const r of d.rules.changed) out.push(['~', t`${rule(r)}: ${roles(r.before)} → ${roles(r.after)}`]);
  for (const list of ['ip_allowlist', 'ip_blocklist'] as const) {
    for (const e of d.network[list].added) out.push(['+', t`security.network.${list} ${e}`]);
    for (const e of d.network[list].removed) out.push(['-', t`security.network.${list} ${e}`]);
  }
  return out;
}

const COLOUR = { '+': 'green', '-': 'red', '~': 'yellow' } as const;

/** Print the diff on stdout, one change a line. */
export function printDiff(io: IO, d: PolicyDiff): void {
  for (const [mark, text] of diffLines(d)) line(io, styled(COLOUR[mark], t`${mark} ${text}`));
}
