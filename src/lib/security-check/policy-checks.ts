import { BlockList, isIP } from 'node:net';
import { isObject } from './parse.js';

// The access-policy checks security check needs until the shared validator (lib/access-policy,
// validatePolicy(doc) → problems with `loc`) lands; same signature, so it can take this one's
// place. It checks what the access policy promises (docs/authorization.md): custom roles
// well-formed and defined before a rule names them, known actions and permissions, patterns that
// can match something, and network lists of valid addresses and CIDR ranges where no block entry is
// wholly shadowed by the allowlist.

/** One problem, located by its path in the fibonacci.yaml document. */
export interface PolicyProblem {
  loc: (string | number)[];
  msg: string;
  /** `never_matches`: valid, but a rule that can never take effect (reported as a warning). */
  type?: 'invalid' | 'never_matches';
}

const BUILT_IN_ROLES = ['owner', 'admin', 'member', 'viewer'];
const ROLE_NAME = /^[a-z][a-z0-9-]{0,31}$/;
const PERMISSIONS = new Set(['read', 'write', 'execute', 'delete', 'admin']);
const ACTIONS: Record<string, ReadonlySet<string>> = {
  workflows: new Set(['read', 'write', 'execute', 'delete']),
  secrets: new Set(['read', 'write', 'delete']),
};
// What a pattern may contain to match anything: workflow names and secret scopes/names.
const PATTERN_CHARS: Record<string, RegExp> = {
  workflows: /^[A-Za-z0-9_.\-/*]+$/,
  secrets: /^(?:[A-Za-z0-9_.\-*]+\/)?[A-Za-z0-9_*]+$/,
};

/** Every problem with the access_control and security.network blocks of a fibonacci.yaml document. */
export function validatePolicy(doc: unknown): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  if (!isObject(doc)) return problems;
  if (doc.access_control !== undefined) accessControl(doc.access_control, problems);
  const security = doc.security;
  if (isObject(security) && security.network !== undefined) network(security.network, problems);
  return problems;
}

function accessControl(ac: unknown, out: PolicyProblem[]): void {
  const at = ['access_control'];
  if (!isObject(ac)) return void out.push({ loc: at, msg: 'access_control must be a mapping' });
  const defined = new Set(BUILT_IN_ROLES);
  const roles = ac.roles ?? [];
  if (!Array.isArray(roles)) out.push({ loc: [...at, 'roles'], msg: 'roles must be a list' });
  else
    for (const [i, role] of roles.entries()) {
      const loc = [...at, 'roles', i];
      const name = isObject(role) ? role.name : undefined;
      if (typeof name !== 'string' || !ROLE_NAME.test(name)) {
        out.push({ loc: [...loc, 'name'], msg: `role name must match ${ROLE_NAME.source}` });
        continue;
      }
      if (defined.has(name))
        out.push({
          loc: [...loc, 'name'],
          msg: `role "${name}" is defined twice or shadows a built-in role`,
        });
      defined.add(name);
      const perms = isObject(role) ? role.permissions : undefined;
      if (!Array.isArray(perms)) {
        out.push({ loc: [...loc, 'permissions'], msg: 'permissions must be a list' });
        continue;
      }
      perms.forEach((p, j) => {
        if (typeof p !== 'string' || !PERMISSIONS.has(p))
          out.push({
            loc: [...loc, 'permissions', j],
            msg: `unknown permission; use ${[...PERMISSIONS].join(', ')}`,
          });
      });
    }
  if (ac.default_role !== undefined && !defined.has(String(ac.default_role)))
    out.push({
      loc: [...at, 'default_role'],
      msg: `default_role "${ac.default_role}" is not a defined role`,
    });
  if (ac.resources === undefined) return;
  if (!isObject(ac.resources))
    return void out.push({ loc: [...at, 'resources'], msg: 'resources must be a mapping' });
  for (const [kind, rules] of Object.entries(ac.resources)) {
    const loc = [...at, 'resources', kind];
    const actions = ACTIONS[kind];
    if (!actions) {
      out.push({ loc, msg: `unknown resource type "${kind}"; use workflows or secrets` });
      continue;
    }
    if (!isObject(rules)) {
      out.push({ loc, msg: `resources.${kind} must map patterns to actions` });
      continue;
    }
    for (const [pattern, byAction] of Object.entries(rules))
      resourceRule(kind, pattern, byAction, [...loc, pattern], defined, out);
  }
}

function resourceRule(
  kind: string,
  pattern: string,
  byAction: unknown,
  loc: (string | number)[],
  defined: ReadonlySet<string>,
  out: PolicyProblem[],
): void {
  if (!(PATTERN_CHARS[kind] as RegExp).test(pattern) || pattern.includes('***'))
    out.push({
      loc,
      msg: `pattern "${pattern}" can never match a ${kind.slice(0, -1)} name`,
      type: 'never_matches',
    });
  if (!isObject(byAction)) return void out.push({ loc, msg: 'a pattern must map actions to lists of roles' });
  for (const [action, grants] of Object.entries(byAction)) {
    if (!(ACTIONS[kind] as ReadonlySet<string>).has(action)) {
      out.push({ loc: [...loc, action], msg: `unknown action "${action}" for ${kind}` });
      continue;
    }
    if (!Array.isArray(grants)) {
      out.push({ loc: [...loc, action], msg: 'an action must list roles ({role: NAME})' });
      continue;
    }
    grants.forEach((g, i) => {
      const role = isObject(g) ? g.role : undefined;
      if (typeof role !== 'string' || !defined.has(role))
        out.push({
          loc: [...loc, action, i],
          msg: `role "${String(role)}" is not defined (define it under roles first)`,
        });
    });
  }
}

function parseEntry(entry: unknown): { address: string; bits: number; family: 'ipv4' | 'ipv6' } | undefined {
  if (typeof entry !== 'string') return undefined;
  const [address = '', bitsText, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return undefined;
  const max = version === 4 ? 32 : 128;
  if (bitsText !== undefined && !/^\d{1,3}$/.test(bitsText)) return undefined;
  const bits = bitsText === undefined ? max : Number(bitsText);
  return bits > max ? undefined : { address, bits, family: version === 4 ? 'ipv4' : 'ipv6' };
}

function network(net: unknown, out: PolicyProblem[]): void {
  const at = ['security', 'network'];
  if (!isObject(net)) return void out.push({ loc: at, msg: 'security.network must be a mapping' });
  const allowed = new BlockList();
  for (const list of ['ip_allowlist', 'ip_blocklist'] as const) {
    const entries = net[list] ?? [];
    if (!Array.isArray(entries)) {
      out.push({ loc: [...at, list], msg: `${list} must be a list` });
      continue;
    }
    for (const [i, entry] of entries.entries()) {
      const parsed = parseEntry(entry);
      if (!parsed) {
        out.push({ loc: [...at, list, i], msg: `${list} entry is not an IP address or CIDR range` });
        continue;
      }
      if (list === 'ip_allowlist') allowed.addSubnet(parsed.address, parsed.bits, parsed.family);
      // A single blocked address that is also allowed is never blocked (the allowlist decides first).
      else if (
        allowed.check(parsed.address, parsed.family) &&
        parsed.bits === (parsed.family === 'ipv4' ? 32 : 128)
      )
        out.push({
          loc: [...at, list, i],
          msg: `${String(entry)} is also allowlisted, and the allowlist wins: this entry never blocks anything`,
          type: 'never_matches',
        });
    }
  }
}
