// The authorisation matrices' oracle: docs/authorization.md's rules written out independently of the server's
// code (its authorise(), scopeSatisfies(), workflowMatcher() and name rules are not used), reading
// only the fields of the POLICIES table.
import type { RoutePolicy } from '../../../src/emulator/policy.js';

export const ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export const SCOPES = ['read', 'write', 'execute', 'delete', 'admin'] as const;
export const PATTERNS = { matching: 'production/*', 'non-matching': 'staging/*' } as const;
export type Role = (typeof ROLES)[number];
export type Pattern = keyof typeof PATTERNS;
const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

/** The oracle's reading of the scopes: admin grants all; `read` grants `x:read`; a scope grants itself. */
function grants(held: string, required: string): boolean {
  return held === 'admin' || held === required || required.split(':')[1] === held;
}
function meets(role: Role, held: string, rule: { minRole?: Role; scope?: string | null }): boolean {
  return (!rule.minRole || RANK[role] >= RANK[rule.minRole]) && (!rule.scope || grants(held, rule.scope));
}

/** Whether the row checks the key's workflow patterns (on a path parameter or the body's name). */
export function guardedRow(row: RoutePolicy): boolean {
  return row.workflowInBody !== undefined || Object.values(row.params ?? {}).some((r) => r.guard);
}

/** Whether a key of this role and scope gets past the row's role and scope rules (never superusers). */
export function roleAndScopeAllow(row: RoutePolicy, role: Role, held: string): boolean {
  if (row.public) return true;
  if (row.superuser) return false;
  return meets(role, held, row);
}

/** Whether a key of this role, scope and pattern gets past the row, on a workflow `production/*` matches. */
export function oracleAllows(row: RoutePolicy, role: Role, held: string, pattern: Pattern): boolean {
  return roleAndScopeAllow(row, role, held) && (!guardedRow(row) || pattern === 'matching');
}

/** The canonical workflow name, as the oracle reads the emulator's rule: 1–8 segments of ≤ 64. */
export function isCanonicalWorkflowName(text: string): boolean {
  const segments = text.split('/');
  return (
    segments.length <= 8 && segments.every((s) => /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(s) && s.length <= 64)
  );
}

/** docs/api.md's secret-name rule. */
export function isSecretName(text: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(text) && text.length <= 128;
}

/** Whether one of the keys the matrices make (`production/*`, `staging/*`, `**`) matches a name. */
export function patternMatches(pattern: string, name: string): boolean {
  if (pattern === '**') return isCanonicalWorkflowName(name);
  const prefix = `${pattern.slice(0, -2)}/`;
  const rest = name.slice(prefix.length);
  return name.startsWith(prefix) && rest !== '' && !rest.includes('/') && isCanonicalWorkflowName(name);
}
