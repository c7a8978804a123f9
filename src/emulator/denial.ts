import type { FastifyRequest } from 'fastify';
import { recordRefusal } from './audit.js';
import { ApiError } from './errors.js';
import type { RecheckError } from './recheck.js';
import { loggablePath, redactKeys } from './redact.js';
import { type Principal, type RouteContext, roleName } from './types.js';

// Refusing a request: the 403 and its access.denied event, shared by the pipeline's steps and
// the routes' own rules; and the second look at a key (./recheck.ts) that found it dead or narrowed.

/**
 * The address an audit event records for a request: the socket peer, or the X-Forwarded-For client
 * when the peer is in TRUSTED_PROXY_HOSTS (the server sets Fastify's trustProxy to that list, and
 * Fastify takes the right-most entry that is not a trusted proxy).
 */
export function clientIp(request: FastifyRequest): string {
  return request.ip;
}

/** Longest requested text quoted back in a denial or its event. */
const QUOTED_MAX = 200;

/** Requested text as a denial may quote it: anything shaped like a key redacted, and bounded. */
export function quoted(raw: string): string {
  const text = redactKeys(raw);
  return text.length > QUOTED_MAX ? `${text.slice(0, QUOTED_MAX)}…` : text;
}

/**
 * Record an access.denied event for the request and answer 403 with `detail`. `needed` is what a
 * policy asked for (metadata `required`); a route's own check passes null and says what was asked
 * in `extra`, appended to the metadata (the pipeline's steps put `step` and `decided_by` there).
 */
export function deny(
  ctx: RouteContext,
  request: FastifyRequest,
  detail: string,
  needed: Record<string, string> | null,
  workflowId?: string | null,
  extra?: Record<string, unknown>,
): never {
  recordDenial(ctx, request, request.principal, detail, needed, workflowId, extra);
  throw new ApiError(403, detail);
}

/** The access.denied event of a refusal of `p`'s request (see deny). */
function recordDenial(
  ctx: RouteContext,
  request: FastifyRequest,
  p: Principal | null,
  detail: string,
  needed: Record<string, string> | null,
  workflowId?: string | null,
  extra?: Record<string, unknown>,
): void {
  recordRefusal(ctx.store, {
    event_type: 'access.denied',
    status: 'denied',
    org_id: p?.orgId ?? null,
    user_id: p?.userId ?? null,
    workflow_id: workflowId ?? null,
    ip_address: clientIp(request),
    action: `${request.method} ${request.routeOptions.url ?? loggablePath(request.url)}`,
    metadata: {
      ...(p ? { api_key_id: p.keyId, role: roleName(p) } : {}),
      ...(needed ? { required: needed } : {}),
      reason: detail,
      ...extra,
    },
  });
}

/** The audit event of a key found dead (auth.failed) or narrowed (access.denied) on a second look. */
export function recordRecheck(ctx: RouteContext, request: FastifyRequest, error: RecheckError): void {
  const r = error.refusal;
  if (r.event === 'access.denied') {
    recordDenial(ctx, request, r.principal, error.message, null, null, { rechecked: true, lost: r.lost });
    return;
  }
  recordRefusal(ctx.store, {
    event_type: 'auth.failed',
    status: 'failure',
    org_id: r.orgId ?? null,
    user_id: r.userId ?? null,
    ip_address: clientIp(request),
    action: 'authenticate',
    metadata: {
      reason: r.reason,
      method: request.method,
      path: loggablePath(request.url),
      api_key_id: r.keyId,
      // Authenticated when the headers came; this refusal came later (after the body, or in the change).
      rechecked: true,
    },
  });
}
