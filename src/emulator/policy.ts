import type { FastifyRequest } from 'fastify';
import picomatch from 'picomatch';
import { scopeSatisfies } from '../lib/scopes.js';
import { patternCovers, WORKFLOW_NAME } from './keys/patterns.js';
import {
  type AnyParamResolver,
  apiKeyRef,
  organizationRef,
  routeParams,
  secretNameRef,
} from './resolution.js';
import { type Principal, ROLES, type Role, roleAtLeast } from './types.js';
import { runRef, workflowFromBody, workflowRef } from './workflows/resolvers.js';

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
   * How each path parameter resolves to the one thing it names: required for every `:param` of
   * the URL (the server refuses to start otherwise). Resolvers with a `guard` are checked against
   * the key's workflow patterns on the canonical name of what they resolve to.
   */
  params?: Readonly<Record<string, AnyParamResolver>>;
  /**
   * The workflow name a request body creates, checked against the key's workflow patterns after
   * validation. There is no skipping: no name is a denial.
   */
  workflowInBody?: (request: FastifyRequest) => string | undefined;
}

const ORG = '/api/v1/organizations/:id';
const inOrg = { id: organizationRef };
const SECRET = '/api/v1/secrets/:name';
const named = { name: secretNameRef };

/** The authorisation table: one row per route. Keep it sorted by URL, then method. */
export const POLICIES: readonly RoutePolicy[] = [
  // API keys: only admin/owner create or revoke; creating also refuses wider scopes/patterns.
  { method: 'GET', url: '/api/v1/api-keys', scope: 'api_keys:read' },
  { method: 'POST', url: '/api/v1/api-keys', scope: 'api_keys:write', minRole: 'admin' },
  {
    method: 'DELETE',
    url: '/api/v1/api-keys/:id',
    scope: 'api_keys:delete',
    minRole: 'admin',
    params: { id: apiKeyRef },
  },
  {
    method: 'GET',
    url: '/api/v1/audit/events',
    scope: null,
    anyOf: [{ scope: 'audit:read' }, { minRole: 'admin' }],
  },
  { method: 'GET', url: '/api/v1/auth/me', scope: null },
  // Organization quota and governance.
  { method: 'GET', url: `${ORG}/governance`, scope: 'read', minRole: 'admin', params: inOrg },
  { method: 'PATCH', url: `${ORG}/governance`, scope: 'admin', minRole: 'owner', params: inOrg },
  { method: 'GET', url: `${ORG}/quota`, scope: 'read', minRole: 'admin', params: inOrg },
  { method: 'PATCH', url: `${ORG}/quota`, scope: 'admin', minRole: 'owner', params: inOrg },
  // Workflows and runs: the key's workflow patterns are checked on what `params` resolve to.
  { method: 'GET', url: '/api/v1/runs/:id', scope: 'runs:read', params: { id: runRef } },
  { method: 'GET', url: '/api/v1/workflows', scope: 'workflows:read' },
  {
    method: 'POST',
    url: '/api/v1/workflows',
    scope: 'workflows:write',
    minRole: 'member',
    workflowInBody: workflowFromBody,
  },
  {
    method: 'POST',
    url: '/api/v1/workflows/:id/execute',
    scope: 'workflows:execute',
    minRole: 'member',
    params: { id: workflowRef },
  },
  // Secrets: any valid key may run the health check; writes need admin or owner.
  { method: 'GET', url: '/api/v1/health/secrets', scope: null },
  { method: 'GET', url: '/api/v1/secrets', scope: 'secrets:read' },
  { method: 'DELETE', url: SECRET, scope: 'secrets:delete', minRole: 'admin', params: named },
  { method: 'GET', url: SECRET, scope: 'secrets:read', params: named },
  { method: 'PUT', url: SECRET, scope: 'secrets:write', minRole: 'admin', params: named },
  { method: 'PUT', url: `${SECRET}/rotation`, scope: 'secrets:write', minRole: 'admin', params: named },
];

/**
 * Rows for routes that exist only when a server setting turns them on: the developer shell
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

  /**
   * Registered routes whose path parameters and declared resolvers differ, as `METHOD url (…)`
   * strings: a parameter nothing resolves would reach a handler unauthorised.
   */
  routesWithUndeclaredParams(routes: ReadonlyArray<{ method: string; url: string }>): string[] {
    return routes.flatMap((r) => {
      const policy = this.policyFor(r.method, r.url);
      if (!policy) return []; // reported by routesWithoutPolicy
      const declared = Object.keys(policy.params ?? {});
      const inUrl = routeParams(r.url);
      const missing = inUrl.filter((p) => !declared.includes(p));
      const extra = declared.filter((p) => !inUrl.includes(p));
      if (missing.length === 0 && extra.length === 0) return [];
      const what = [
        ...missing.map((p) => `:${p} has no resolver`),
        ...extra.map((p) => `resolver for absent :${p}`),
      ];
      return [`${policyKey(r.method, r.url)} (${what.join(', ')})`];
    });
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
 * A test of workflow names against a key's patterns, compiled once for checking many names: `*`
 * stays within a segment, `**` crosses `/`. Only canonical names (the workflow-name rule, as they
 * stand) can match: `production/../staging/x` or `production//etl` match nothing, rather than being
 * normalised into some other name. No patterns match nothing.
 */
export function workflowMatcher(patterns: readonly string[]): (name: string) => boolean {
  if (patterns.length === 0) return () => false;
  const isMatch = picomatch([...patterns], { dot: true });
  return (name) => WORKFLOW_NAME.test(name) && isMatch(name);
}

/** Whether a workflow name matches one of a key's patterns (see workflowMatcher). */
export function workflowAllowed(patterns: readonly string[], name: string): boolean {
  return workflowMatcher(patterns)(name);
}

/** Whether a key's patterns match every workflow name (`**`): only then may it learn what does not exist. */
export function unrestrictedPatterns(patterns: readonly string[]): boolean {
  return patterns.some((p) => patternCovers(p, '**'));
}
