import { type Action, RESOURCE_ACTIONS, RESOURCE_KINDS, type ResourceKind } from './names.js';
import type { ActionRules, CustomRole, Policy } from './schema.js';

// What `access apply` shows before it sends: how a new policy differs from the server's, in terms
// a reviewer reads (roles, rules per pattern and action, network entries), not as a text diff.

export interface RuleRef {
  kind: ResourceKind;
  pattern: string;
  action: Action;
}

export interface PolicyDiff {
  enabled?: { before: boolean; after: boolean };
  default_role?: { before: string; after: string };
  roles: {
    added: CustomRole[];
    removed: CustomRole[];
    changed: Array<{ name: string; before: CustomRole; after: CustomRole }>;
  };
  rules: {
    added: Array<RuleRef & { roles: string[] }>;
    removed: Array<RuleRef & { roles: string[] }>;
    changed: Array<RuleRef & { before: string[]; after: string[] }>;
  };
  network: {
    ip_allowlist: { added: string[]; removed: string[] };
    ip_blocklist: { added: string[]; removed: string[] };
  };
  /** Nothing differs. */
  empty: boolean;
}

const sameRole = (a: CustomRole, b: CustomRole) =>
  a.description === b.description &&
  a.permissions.length === b.permissions.length &&
  a.permissions.every((p) => b.permissions.includes(p));

function diffRoles(before: CustomRole[], after: CustomRole[]): PolicyDiff['roles'] {
  const old = new Map(before.map((r) => [r.name, r]));
  const now = new Map(after.map((r) => [r.name, r]));
  return {
    added: after.filter((r) => !old.has(r.name)),
    removed: before.filter((r) => !now.has(r.name)),
    changed: after.flatMap((r) => {
      const was = old.get(r.name);
      return was && !sameRole(was, r) ? [{ name: r.name, before: was, after: r }] : [];
    }),
  };
}

/** Role names listed for one pattern's action, in order, duplicates dropped; undefined when absent. */
function listed(rules: Record<string, ActionRules>, pattern: string, action: Action): string[] | undefined {
  const list = rules[pattern]?.[action];
  return list && [...new Set(list.map((r) => r.role))];
}

function diffRules(before: Policy, after: Policy): PolicyDiff['rules'] {
  const out: PolicyDiff['rules'] = { added: [], removed: [], changed: [] };
  for (const kind of RESOURCE_KINDS) {
    const b = before.access_control.resources[kind];
    const a = after.access_control.resources[kind];
    const patterns = [...new Set([...Object.keys(b), ...Object.keys(a)])];
    for (const pattern of patterns) {
      for (const action of RESOURCE_ACTIONS[kind]) {
        const was = listed(b, pattern, action);
        const now = listed(a, pattern, action);
        const ref = { kind, pattern, action };
        if (was === undefined && now !== undefined) out.added.push({ ...ref, roles: now });
        else if (was !== undefined && now === undefined) out.removed.push({ ...ref, roles: was });
        else if (was && now && [...was].sort().join() !== [...now].sort().join())
          out.changed.push({ ...ref, before: was, after: now });
      }
    }
  }
  return out;
}

function diffList(before: string[], after: string[]): { added: string[]; removed: string[] } {
  return {
    added: after.filter((e) => !before.includes(e)),
    removed: before.filter((e) => !after.includes(e)),
  };
}

/** How `after` differs from `before` (both normalised, as validatePolicy returns them). */
export function diffPolicy(before: Policy, after: Policy): PolicyDiff {
  const b = before.access_control;
  const a = after.access_control;
  const diff: PolicyDiff = {
    roles: diffRoles(b.roles, a.roles),
    rules: diffRules(before, after),
    network: {
      ip_allowlist: diffList(before.network.ip_allowlist, after.network.ip_allowlist),
      ip_blocklist: diffList(before.network.ip_blocklist, after.network.ip_blocklist),
    },
    empty: false,
  };
  if (b.enabled !== a.enabled) diff.enabled = { before: b.enabled, after: a.enabled };
  if (b.default_role !== a.default_role)
    diff.default_role = { before: b.default_role, after: a.default_role };
  const lists = [
    ...Object.values(diff.roles),
    ...Object.values(diff.rules),
    ...Object.values(diff.network).flatMap((l) => [l.added, l.removed]),
  ];
  diff.empty =
    diff.enabled === undefined && diff.default_role === undefined && lists.every((l) => l.length === 0);
  return diff;
}
