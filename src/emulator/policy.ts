import { posix } from 'node:path';
import type { FastifyRequest } from 'fastify';
import picomatch from 'picomatch';
import { scopeSatisfies } from '../lib/scopes.js';
import { type Principal, ROLES, type Role, type RouteContext, roleAtLeast } from './types.js';
import { workflowFromBody, workflowFromPath, workflowOfRun } from './workflows/resolvers.js';

/**
 * What a route requires. Every registered route needs exactly one entry in POLICIES; a route
 * without one is refused at startup and, should one slip through, denied at request time.
 */
export interface RoutePolicy {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The route's URL as registered with Fastify (`/api/v1/secrets/:name`). */
  url: string;
  /** No key needed (docs, openapi.json). Everything else needs a valid key. */
  public?: boolean;
  /** Scope needed (`secrets:read` is met by `read`, `secrets:read` or `admin`); null: any valid key. */
  scope: string | null;
  /** Lowest organization role allowed. */
  minRole?: Role;
  /** Only platform superusers. */
  superuser?: boolean;
  /**
   * Alternatives, any one of which suffices (checked after `superuser`, `minRole` and `scope`), e.g.
   * the audit log's "scope audit:read, or role admin/owner".
   */
  anyOf?: ReadonlyArray<{ scope?: string; minRole?: Role }>;
  /**
   * The workflow name this request touches, checked against the key's workflow patterns after
   * validation. Return null/undefined to skip (e.g. the workflow does not exist: the handler 404s).
   */
  workflow?: (request: FastifyRequest, ctx: RouteContext) => string | null | undefined;
}

/** The authorisation table: one row per route. Keep it sorted by URL, then method. */
export const POLICIES: readonly RoutePolicy[] = [
  // API keys (issue 4): only admin/owner create or revoke; creating also refuses wider scopes/patterns.
  { method: 'GET', url: '/api/v1/api-keys', scope: 'api_keys:read' },
  { method: 'POST', url: '/api/v1/api-keys', scope: 'api_keys:write', minRole: 'admin' },
  { method: 'DELETE', url: '/api/v1/api-keys/:id', scope: 'api_keys:delete', minRole: 'admin' },
  {
    method: 'GET',
    url: '/api/v1/audit/events',
    scope: null,
    anyOf: [{ scope: 'audit:read' }, { minRole: 'admin' }],
  },
  { method: 'GET', url: '/api/v1/auth/me', scope: null },
  // issue 6: organization quota and governance.
  { method: 'GET', url: '/api/v1/organizations/:id/governance', scope: 'read', minRole: 'admin' },
  { method: 'PATCH', url: '/api/v1/organizations/:id/governance', scope: 'admin', minRole: 'owner' },
  { method: 'GET', url: '/api/v1/organizations/:id/quota', scope: 'read', minRole: 'admin' },
  { method: 'PATCH', url: '/api/v1/organizations/:id/quota', scope: 'admin', minRole: 'owner' },
  // Workflows and runs (issue 4): the key's workflow patterns are checked through `workflow`.
  { method: 'GET', url: '/api/v1/runs/:id', scope: 'runs:read', workflow: workflowOfRun },
  { method: 'GET', url: '/api/v1/workflows', scope: 'workflows:read' },
  {
    method: 'POST',
    url: '/api/v1/workflows',
    scope: 'workflows:write',
    minRole: 'member',
    workflow: workflowFromBody,
  },
  {
    method: 'POST',
    url: '/api/v1/workflows/:id/execute',
    scope: 'workflows:execute',
    minRole: 'member',
    workflow: workflowFromPath,
  },
  // Secrets (issue 3): any valid key may run the health check; writes need admin or owner.
  { method: 'GET', url: '/api/v1/health/secrets', scope: null },
  { method: 'GET', url: '/api/v1/secrets', scope: 'secrets:read' },
  { method: 'DELETE', url: '/api/v1/secrets/:name', scope: 'secrets:delete', minRole: 'admin' },
  { method: 'GET', url: '/api/v1/secrets/:name', scope: 'secrets:read' },
  { method: 'PUT', url: '/api/v1/secrets/:name', scope: 'secrets:write', minRole: 'admin' },
  { method: 'PUT', url: '/api/v1/secrets/:name/rotation', scope: 'secrets:write', minRole: 'admin' },
];

/**
 * Rows for routes that exist only when a server setting turns them on (issue 6): the developer shell
 * (ENABLE_DEVELOPER_ROUTES) and the API docs (ENABLE_DOCS). The server always adds them to POLICIES;
 * kept apart so that "every row has a route" holds for the routes a default server registers.
 */
export const OPTIONAL_POLICIES: readonly RoutePolicy[] = [
  { method: 'POST', url: '/api/v1/dev/shell', scope: null, superuser: true },
  { method: 'GET', url: '/docs', scope: null, public: true },
  { method: 'GET', url: '/openapi.json', scope: null, public: true },
];

function policyKey(method: string, url: string): string {
  return `${method.toUpperCase()} ${url}`;
}

/** A lookup over a policy table; the server builds one from POLICIES (tests may pass their own). */
export class PolicyIndex {
  private readonly byRoute = new Map<string, RoutePolicy>();

  constructor(policies: readonly RoutePolicy[] = POLICIES) {
    for (const p of policies) {
      const key = policyKey(p.method, p.url);
      if (this.byRoute.has(key)) throw new Error(`duplicate access policy for ${key}`);
      this.byRoute.set(key, p);
    }
  }

  /** The policy for a route; HEAD uses GET's (Fastify adds HEAD routes for GET ones). */
  policyFor(method: string, url: string | undefined): RoutePolicy | undefined {
    if (url === undefined) return undefined;
    const m = method.toUpperCase() === 'HEAD' ? 'GET' : method;
    return this.byRoute.get(policyKey(m, url));
  }

  /** Registered routes without a policy, as `METHOD url` strings (empty when the table is complete). */
  routesWithoutPolicy(routes: ReadonlyArray<{ method: string; url: string }>): string[] {
    return routes.filter((r) => !this.policyFor(r.method, r.url)).map((r) => policyKey(r.method, r.url));
  }
}

export type Decision = { allowed: true } | { allowed: false; detail: string; needed: Record<string, string> };

function rolesFrom(min: Role): string {
  const allowed = ROLES.slice(ROLES.indexOf(min));
  return allowed.length === 1 ? allowed[0]! : `${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}`;
}

/** Decide whether an authenticated principal meets a policy's role, superuser and scope rules. */
export function authorise(policy: RoutePolicy, principal: Principal): Decision {
  if (policy.superuser && !principal.isSuperuser) {
    return { allowed: false, detail: 'requires a platform superuser', needed: { superuser: 'true' } };
  }
  if (policy.minRole && !roleAtLeast(principal.role, policy.minRole)) {
    return {
      allowed: false,
      detail: `requires role ${rolesFrom(policy.minRole)}`,
      needed: { role: policy.minRole },
    };
  }
  if (policy.scope && !scopeSatisfies(principal.scopes, policy.scope)) {
    return { allowed: false, detail: `requires scope ${policy.scope}`, needed: { scope: policy.scope } };
  }
  const { anyOf, ...rest } = policy;
  if (anyOf && !anyOf.some((alt) => authorise({ ...rest, ...alt }, principal).allowed)) {
    const options = anyOf.map((alt) =>
      [alt.scope && `scope ${alt.scope}`, alt.minRole && `role ${rolesFrom(alt.minRole)}`]
        .filter(Boolean)
        .join(' and '),
    );
    return {
      allowed: false,
      detail: `requires ${options.join(', or ')}`,
      needed: { any_of: options.join('; ') },
    };
  }
  return { allowed: true };
}

/**
 * Normalise a workflow name before matching, so `production/../staging/x` is judged as
 * `staging/x`; a name escaping the root never matches.
 */
export function normalizeWorkflowName(name: string): string | null {
  const n = posix.normalize(name.replace(/\\/g, '/')).replace(/^\/+/, '');
  if (n === '' || n === '.' || n === '..' || n.startsWith('../')) return null;
  return n.replace(/\/+$/, '');
}

/**
 * A test of workflow names against a key's patterns, compiled once for checking many names: `*`
 * stays within a segment, `**` crosses `/`. No patterns match nothing.
 */
export function workflowMatcher(patterns: readonly string[]): (name: string) => boolean {
  if (patterns.length === 0) return () => false;
  const isMatch = picomatch([...patterns], { dot: true });
  return (name) => {
    const normalized = normalizeWorkflowName(name);
    return normalized !== null && isMatch(normalized);
  };
}

/** Whether a workflow name matches one of a key's patterns (see workflowMatcher). */
export function workflowAllowed(patterns: readonly string[], name: string): boolean {
  return workflowMatcher(patterns)(name);
}
