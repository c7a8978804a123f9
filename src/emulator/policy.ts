import type { FastifyRequest } from 'fastify';
import type { Action, Permission, ResourceKind } from '../lib/access-policy/names.js';
import { actionRights } from '../lib/access-policy/roles.js';
import { workflowMatcher } from '../lib/access-policy/workflow-glob.js';
import { patternCovers } from './keys/patterns.js';
import {
  type AnyParamResolver,
  apiKeyRef,
  memberRef,
  organizationRef,
  routeParams,
  secretNameRef,
} from './resolution.js';
import type { Role } from './types.js';
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
  /** Lowest built-in organization role allowed (`owner`: no custom role either). */
  minRole?: Role;
  /**
   * The permission a custom role of the access policy needs here: `read`, `write`, `execute`,
   * `delete` or `admin` (which grants all); null: any role; absent: no custom role may.
   */
  permission?: Permission | null;
  /** Only platform superusers. */
  superuser?: boolean;
  /**
   * The resource action the route performs, for the access policy's resource rules (step 5) and
   * for `access check`: on the workflow its parameter resolves to (or its body names), or on the
   * secret its `:name` and `?environment=` name. `list`: a listing, filtered item by item.
   */
  resource?: { kind: ResourceKind; action: Action; list?: true };
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

/** A route performing a resource action: its rights are the action's (the same for `access check`). */
function acts(kind: ResourceKind, action: Action, list?: 'list') {
  return {
    ...actionRights(kind, action),
    resource: { kind, action, ...(list ? { list: true as const } : {}) },
  };
}

/** The authorisation table: one row per route. Keep it sorted by URL, then method. */
export const POLICIES: readonly RoutePolicy[] = [
  // API keys: only admin/owner create or revoke; creating also refuses wider scopes/patterns.
  { method: 'GET', url: '/api/v1/api-keys', scope: 'api_keys:read', permission: 'read' },
  { method: 'POST', url: '/api/v1/api-keys', scope: 'api_keys:write', minRole: 'admin', permission: 'admin' },
  {
    method: 'DELETE',
    url: '/api/v1/api-keys/:id',
    scope: 'api_keys:delete',
    minRole: 'admin',
    permission: 'admin',
    params: { id: apiKeyRef },
  },
  // The audit log: the key needs `audit:read` (met by `read` or `admin`) whatever the role, as on
  // every other route; an admin's or owner's role is no substitute for the key's scope.
  { method: 'GET', url: '/api/v1/audit/events', scope: 'audit:read', permission: 'read' },
  { method: 'GET', url: '/api/v1/auth/me', scope: null, permission: null },
  // The organization's access policy, members, quota and governance.
  {
    method: 'GET',
    url: `${ORG}/access-policy`,
    scope: 'read',
    minRole: 'admin',
    permission: 'admin',
    params: inOrg,
  },
  { method: 'PUT', url: `${ORG}/access-policy`, scope: 'admin', minRole: 'owner', params: inOrg },
  // Anyone may ask for themselves; asking for another user or role needs admin (the route checks).
  { method: 'POST', url: `${ORG}/access-policy/check`, scope: null, permission: null, params: inOrg },
  {
    method: 'GET',
    url: `${ORG}/governance`,
    scope: 'read',
    minRole: 'admin',
    permission: 'admin',
    params: inOrg,
  },
  { method: 'PATCH', url: `${ORG}/governance`, scope: 'admin', minRole: 'owner', params: inOrg },
  {
    method: 'GET',
    url: `${ORG}/members`,
    scope: 'read',
    minRole: 'admin',
    permission: 'admin',
    params: inOrg,
  },
  // Who may assign which role (never their own, an admin only below admin) is the route's rule.
  {
    method: 'PATCH',
    url: `${ORG}/members/:user_id`,
    scope: 'write',
    minRole: 'admin',
    permission: 'admin',
    params: { ...inOrg, user_id: memberRef },
  },
  { method: 'GET', url: `${ORG}/quota`, scope: 'read', minRole: 'admin', permission: 'admin', params: inOrg },
  { method: 'PATCH', url: `${ORG}/quota`, scope: 'admin', minRole: 'owner', params: inOrg },
  // Workflows and runs: the key's workflow patterns are checked on what `params` resolve to.
  {
    method: 'GET',
    url: '/api/v1/runs/:id',
    scope: 'runs:read',
    ...acts('workflows', 'read'),
    params: { id: runRef },
  },
  { method: 'GET', url: '/api/v1/workflows', scope: 'workflows:read', ...acts('workflows', 'read', 'list') },
  {
    method: 'POST',
    url: '/api/v1/workflows',
    scope: 'workflows:write',
    ...acts('workflows', 'write'),
    workflowInBody: workflowFromBody,
  },
  {
    method: 'POST',
    url: '/api/v1/workflows/:id/execute',
    scope: 'workflows:execute',
    ...acts('workflows', 'execute'),
    params: { id: workflowRef },
  },
  // Environments: who may list secrets may count them (each item filtered as the list is).
  { method: 'GET', url: '/api/v1/environments', scope: 'secrets:read', ...acts('secrets', 'read', 'list') },
  // Secrets: any valid key may run the health check; writes need admin or owner.
  { method: 'GET', url: '/api/v1/health/secrets', scope: null, permission: null },
  { method: 'GET', url: '/api/v1/secrets', scope: 'secrets:read', ...acts('secrets', 'read', 'list') },
  { method: 'DELETE', url: SECRET, scope: 'secrets:delete', ...acts('secrets', 'delete'), params: named },
  { method: 'GET', url: SECRET, scope: 'secrets:read', ...acts('secrets', 'read'), params: named },
  { method: 'PUT', url: SECRET, scope: 'secrets:write', ...acts('secrets', 'write'), params: named },
  {
    method: 'PUT',
    url: `${SECRET}/rotation`,
    scope: 'secrets:write',
    ...acts('secrets', 'write'),
    params: named,
  },
];

/**
 * Rows for routes that exist only when a server setting turns them on: the developer shell
 * (ENABLE_DEVELOPER_ROUTES) and the API docs (ENABLE_DOCS). The server always adds them to POLICIES;
 * kept apart so that "every row has a route" holds for the routes a default server registers.
 */
export const OPTIONAL_POLICIES: readonly RoutePolicy[] = [
  { method: 'POST', url: '/api/v1/dev/shell', scope: null, superuser: true, permission: null },
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

/** Whether a workflow name matches one of a key's patterns (see workflowMatcher). */
export function workflowAllowed(patterns: readonly string[], name: string): boolean {
  return workflowMatcher(patterns)(name);
}

/** Whether a key's patterns match every workflow name (`**`): only then may it learn what does not exist. */
export function unrestrictedPatterns(patterns: readonly string[]): boolean {
  return patterns.some((p) => patternCovers(p, '**'));
}
