import type { FastifyInstance } from 'fastify';
import type { RateLimitResult } from './rate-limit.js';
import type { SecretsBackend } from './secrets/backend.js';
import type { ServerSettings } from './settings.js';
import type { Store } from './store.js';

/** Organization roles, lowest first: owner > admin > member > viewer. */
export const ROLES = ['viewer', 'member', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];

/** Whether `role` is `min` or above it. */
export function roleAtLeast(role: Role, min: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(min);
}

/** Who made an authenticated request: the key, its user and what the key may do. */
export interface Principal {
  keyId: string;
  keyName: string;
  userId: string;
  orgId: string;
  role: Role;
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

/** What every route module receives besides the Fastify instance. */
export interface RouteContext {
  store: Store;
  /** The emulator's clock (injectable for expiry tests). */
  now: () => Date;
  /** The emulator's log sink (stderr for the CLI). */
  log: (line: string) => void;
  /** Server settings (APP_ENV, docs, developer routes, …); absent means the defaults. */
  settings?: ServerSettings;
  /** Secret storage (issue 3): `db` over `store`, or AWS Secrets Manager. */
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
