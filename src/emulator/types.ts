import type { FastifyInstance } from 'fastify';
import type { EffectiveRole } from '../lib/access-policy/roles.js';
import type { RateLimitResult } from './rate-limit.js';
import type { SecretsBackend } from './secrets/backend.js';
import type { ServerSettings } from './settings.js';
import type { Store } from './store.js';

/** Organization roles, lowest first: owner > admin > member > viewer. */
export const ROLES = ['viewer', 'member', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Whether `role` is `min` or above it. A `min` that is no built-in role (a custom role, as a stored
 * user may hold) ranks below them all: custom roles never rank above admin.
 */
export function roleAtLeast(role: Role, min: string): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(min as Role);
}

/** Who made an authenticated request: the key, its user and what the key may do. */
export interface Principal {
  keyId: string;
  keyName: string;
  userId: string;
  orgId: string;
  /**
   * The built-in role the user ranks as where handlers compare ranks: their own, or for a custom
   * role admin (when it has the admin permission) or member.
   */
  role: Role;
  /**
   * The role as the access policy decides it (a custom role with its permissions, or the
   * default_role of a member whose role is gone); absent: the built-in `role` itself.
   */
  policyRole?: EffectiveRole;
  isSuperuser: boolean;
  /** Granted scope names, normalised (sorted, unique). */
  scopes: string[];
  /** The key's scopes as stored (map form), returned as-is by the API. */
  scopeMap: Record<string, boolean>;
  /** Workflow-name globs the key may touch. */
  workflows: string[];
  createdAt: string;
  expiresAt: string | null;
}

/** The name of the role a principal acts in (a custom role's own name), as the API shows it. */
export function roleName(p: Principal): string {
  return p.policyRole?.name ?? p.role;
}

/** The principal's role for deciding by the access policy. */
export function effectiveRoleOf(p: Principal): EffectiveRole {
  return p.policyRole ?? { name: p.role, builtin: p.role, permissions: null, fallback: false };
}

/** What every route module receives besides the Fastify instance. */
export interface RouteContext {
  store: Store;
  /** The emulator's clock (injectable for expiry tests). */
  now: () => Date;
  /** The emulator's log sink (stderr for the CLI). */
  log: (line: string) => void;
  /** Server settings (APP_ENV, docs, developer routes, …); absent means the defaults. */
  settings?: ServerSettings;
  /** Secret storage: `db` over `store`, or AWS Secrets Manager. */
  secrets: SecretsBackend;
}

/** A route module: registers one resource's routes. Its policies live in policy.ts. */
export type RouteModule = (app: FastifyInstance, ctx: RouteContext) => void;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth hook on routes that need a key; null on public routes and 404s. */
    principal: Principal | null;
    /** The rate-limit window this request counted against. */
    rateLimit: RateLimitResult | null;
  }
}
