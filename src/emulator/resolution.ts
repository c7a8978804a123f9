import type { FastifyRequest } from 'fastify';
import { SECRET_NAME } from '../lib/validate.js';
import { type ApiKeyRow, getApiKey, getUser, type UserRow } from './accounts.js';
import { ApiError } from './errors.js';
import type { Principal, RouteContext } from './types.js';

// A path parameter names one thing. Each route's policy row declares how each of its parameters is
// resolved; the pipeline resolves them once, before the handler (checking workflow patterns on what
// was found), and the handler reads that result. No handler looks the raw text up a second time by
// other rules, so what was authorised is what is acted on.

/** How one kind of path parameter becomes the single entity it names. */
export interface ParamResolver<T> {
  /** What the parameter names, in messages: `workflow`, `run`, `API key`, … */
  readonly kind: string;
  /**
   * The entity `raw` (the decoded parameter) names exactly, or undefined. Never a guess: text that
   * is not an id or a canonical name resolves to nothing rather than being normalised into one.
   */
  resolve(raw: string, principal: Principal, ctx: RouteContext): T | undefined;
  /**
   * Set for entities the key's workflow patterns guard: the canonical workflow name of a resolved
   * entity, and the name unresolved text would have if it is a canonical name at all (a key may
   * learn that a name inside its patterns does not exist, and nothing about any other text).
   */
  readonly guard?: {
    nameOf(entity: T): string;
    nameIn(raw: string): string | undefined;
  };
  /** The answer for text that resolves to nothing, once the caller may know that. */
  unresolved(raw: string): ApiError;
}

/** A resolver of any entity type, as policy rows hold them. */
// biome-ignore lint/suspicious/noExplicitAny: rows mix resolvers of different entity types.
export type AnyParamResolver = ParamResolver<any>;

interface Resolved {
  resolver: AnyParamResolver;
  entity: unknown;
}
const resolvedByRequest = new WeakMap<FastifyRequest, Map<string, Resolved>>();

/** Record what a parameter resolved to (the pipeline does, after authorising it). */
export function recordResolved(
  request: FastifyRequest,
  param: string,
  resolver: AnyParamResolver,
  entity: unknown,
): void {
  const map = resolvedByRequest.get(request) ?? new Map<string, Resolved>();
  resolvedByRequest.set(request, map);
  map.set(param, { resolver, entity });
}

/**
 * The entity the pipeline resolved `param` to. Throws (a 500: a bug, never a grant) when the
 * route's policy row declared another resolver or none, so a handler cannot read a parameter its
 * row did not authorise.
 */
export function resolvedParam<T>(request: FastifyRequest, param: string, resolver: ParamResolver<T>): T {
  const entry = resolvedByRequest.get(request)?.get(param);
  if (entry?.resolver !== resolver) {
    throw new Error(
      `${request.method} ${request.routeOptions.url}: parameter ${param} was not resolved as a ${resolver.kind}; declare it in the route's policy row`,
    );
  }
  return entry.entity as T;
}

/** The `:name` names in a route URL (`/a/:id/b/:name` → id, name); a wildcard counts as `*`. */
export function routeParams(url: string): string[] {
  const names = [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] as string);
  return url.includes('*') ? [...names, '*'] : names;
}

/** `/secrets/{name}`: the name as sent, only when it follows the secret-name rule (no case folding). */
export const secretNameRef: ParamResolver<string> = {
  kind: 'secret name',
  resolve: (raw) => (SECRET_NAME.test(raw) ? raw : undefined),
  // Validation refuses such names first (422 with the rule); this keeps the refusal if it did not.
  unresolved: () =>
    new ApiError(422, [
      {
        loc: ['path', 'name'],
        msg: `String should match pattern '${SECRET_NAME.source}'`,
        type: 'string_pattern_mismatch',
      },
    ]),
};

/** `/api-keys/{id}`: a key of the caller's organization, by its exact id. */
export const apiKeyRef: ParamResolver<ApiKeyRow> = {
  kind: 'API key',
  resolve(raw, principal, ctx) {
    const row = getApiKey(ctx.store, raw);
    return row && row.org_id === principal.orgId ? row : undefined;
  },
  unresolved: () => new ApiError(404, 'API key not found'),
};

/** `/organizations/{id}`: the caller's own organization; a superuser may name any existing one. */
export const organizationRef: ParamResolver<string> = {
  kind: 'organization',
  resolve(raw, principal, ctx) {
    if (raw === principal.orgId) return raw;
    if (!principal.isSuperuser) return undefined;
    return ctx.store.prepare('SELECT 1 FROM organizations WHERE id = ?').get(raw) ? raw : undefined;
  },
  unresolved: () => new ApiError(404, 'organization not found'),
};

/**
 * `/members/{user_id}`: a user of the caller's organization by exact id (a superuser may name one
 * of any organization; the route then checks it belongs to the organization in the path).
 */
export const memberRef: ParamResolver<UserRow> = {
  kind: 'member',
  resolve(raw, principal, ctx) {
    const user = getUser(ctx.store, raw);
    return user && (user.org_id === principal.orgId || principal.isSuperuser) ? user : undefined;
  },
  unresolved: () => new ApiError(404, 'member not found'),
};
