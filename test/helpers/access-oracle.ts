// The access policy's oracle: docs/authorization.md's order of checks and docs/emulator.md's
// "Access policy and members" written out again, independently of the server (no import from
// src/lib/access-policy, none of its globs, BlockList or ranks), reading only the fields of a
// POLICIES row and a policy document.
import type { RoutePolicy } from '../../src/emulator/policy.js';

type Rules = Record<string, Record<string, Array<{ role: string }>>>;
export interface OraclePolicy {
  access_control: {
    enabled: boolean;
    default_role?: string;
    roles?: Array<{ name: string; permissions: string[] }>;
    resources?: { workflows?: Rules; secrets?: Rules };
  };
  network?: { ip_allowlist?: string[]; ip_blocklist?: string[] };
}

const RANK: Record<string, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };
export interface OracleRole {
  name: string;
  /** Set for custom roles. */
  permissions?: string[];
}

/** A member whose custom role is gone has default_role (viewer when none is set). */
export function oracleRole(policy: OraclePolicy, assigned: string): OracleRole {
  const find = (name: string): OracleRole | undefined => {
    if (Object.hasOwn(RANK, name)) return { name };
    const custom = policy.access_control.roles?.find((r) => r.name === name);
    return custom && { name, permissions: custom.permissions };
  };
  return find(assigned) ?? find(policy.access_control.default_role ?? 'viewer') ?? { name: 'viewer' };
}

function roleMeetsRule(role: OracleRole, rule: { minRole?: string; permission?: string | null }): boolean {
  if (!role.permissions)
    return !rule.minRole || (RANK[role.name] as number) >= (RANK[rule.minRole] as number);
  if (rule.minRole === 'owner' || rule.permission === undefined) return false;
  return (
    rule.permission === null ||
    role.permissions.includes('admin') ||
    role.permissions.includes(rule.permission)
  );
}

/** Step 4 for a key that holds every scope: the row's role rule. */
export function oracleRoleAllows(row: RoutePolicy, role: OracleRole): boolean {
  if (row.public) return true;
  if (row.superuser) return false;
  return roleMeetsRule(role, row);
}

function globToRegex(glob: string, segment: boolean): RegExp {
  const any = segment ? '[^/]*' : '.*';
  const parts = glob.split('/').map((seg) =>
    seg === '**'
      ? '[^/]+(?:/[^/]+)*'
      : seg
          .split('*')
          .map((lit) => lit.replace(/[.+?^${}()|[\]\\-]/g, '\\$&'))
          .join(any),
  );
  return new RegExp(`^${parts.join('/')}$`);
}

/** Whether a resources pattern of a policy names the resource (`workflows/a/b`, `secrets/prod/X`). */
export function oraclePatternMatches(
  kind: 'workflows' | 'secrets',
  pattern: string,
  resource: string,
): boolean {
  const rest = resource.slice(kind.length + 1);
  if (kind === 'workflows') return globToRegex(pattern, true).test(rest);
  const [scope, name] = rest.split('/') as [string, string];
  const slash = pattern.indexOf('/');
  if (slash >= 0 && pattern.slice(0, slash) !== scope) return false;
  return globToRegex(slash >= 0 ? pattern.slice(slash + 1) : pattern, false).test(name);
}

/** Step 5: undefined when no matching pattern names the action; else whether the role is listed. */
export function oracleResourceRule(
  policy: OraclePolicy,
  role: OracleRole,
  action: string,
  resource: string,
): boolean | undefined {
  const ac = policy.access_control;
  if (!ac.enabled || role.name === 'owner') return undefined;
  const kind = resource.startsWith('workflows/') ? 'workflows' : 'secrets';
  const candidates = Object.entries(ac.resources?.[kind] ?? {}).filter(
    ([pattern, actions]) => actions[action] !== undefined && oraclePatternMatches(kind, pattern, resource),
  );
  if (candidates.length === 0) return undefined;
  const rank = (p: string) => (p.includes('*') ? 0 : 1_000_000) + p.replaceAll('*', '').length;
  const best = Math.max(...candidates.map(([p]) => rank(p)));
  return candidates
    .filter(([p]) => rank(p) === best)
    .every(([, actions]) => (actions[action] ?? []).some((r) => r.role === role.name));
}

/** Steps 4–5 for a key with every scope and pattern: may this role do this row's action on it? */
export function oracleAllows(
  policy: OraclePolicy,
  assigned: string,
  row: RoutePolicy,
  resource?: string,
): boolean {
  const role = oracleRole(policy, assigned);
  if (!oracleRoleAllows(row, role)) return false;
  if (!row.resource || row.resource.list || resource === undefined) return true;
  if (oracleResourceRule(policy, role, row.resource.action, resource) === false) return false;
  // A route on one secret tells what only a reader may know (its metadata, whether it exists):
  // every action on it needs the read rule's consent too.
  return !resource.startsWith('secrets/') || oracleResourceRule(policy, role, 'read', resource) !== false;
}

// Network: addresses as integers, by hand.
function v4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) < 256))
    return undefined;
  return parts.reduce((n, p) => (n << 8n) | BigInt(p), 0n);
}
function v6(text: string): bigint | undefined {
  let t = text.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(t);
  if (dotted) {
    const n = v4(dotted[1] as string);
    if (n === undefined) return undefined;
    t = `${t.slice(0, -dotted[1]!.length)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const halves = t.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  const groups = [...head, ...Array(fill).fill('0'), ...tail];
  if (groups.length !== 8 || !groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
  return groups.reduce((n, g) => (n << 16n) | BigInt(`0x${g}`), 0n);
}
/** An address as [family, value]; IPv4-mapped IPv6 as IPv4. */
export function oracleAddress(text: string): [4 | 6, bigint] | undefined {
  const a = v4(text);
  if (a !== undefined) return [4, a];
  const b = v6(text);
  if (b === undefined) return undefined;
  return b >> 32n === 0xffffn ? [4, b & 0xffffffffn] : [6, b];
}
function inRange(addr: [4 | 6, bigint], entry: string): boolean {
  const [net, prefixText] = entry.split('/');
  const range = oracleAddress(net as string);
  if (!range || range[0] !== addr[0]) return false;
  const bits = addr[0] === 4 ? 32 : 128;
  const shift = BigInt(bits - Number(prefixText ?? bits));
  return addr[1] >> shift === range[1] >> shift;
}

/** Step 2: whether the policy's network rules block a client address. */
export function oracleBlocked(policy: Pick<OraclePolicy, 'network'>, address: string): boolean {
  const allow = policy.network?.ip_allowlist ?? [];
  const block = policy.network?.ip_blocklist ?? [];
  const addr = oracleAddress(address);
  if (!addr) return block.length > 0;
  if (allow.some((e) => inRange(addr, e))) return false;
  return block.some((e) => inRange(addr, e));
}
