import type { FastifyRequest } from 'fastify';
import { recordEvent } from './audit.js';
import { ApiError } from './errors.js';
import type { RecheckError } from './recheck.js';
import { loggablePath } from './redact.js';
import type { Principal, RouteContext } from './types.js';

// Refusals of a request and the audit events that record them: a 403 from a policy or a route's
// own check, and the second look at a key (./recheck.ts) that found it dead or narrowed.

/**
 * The address an audit event records for a request: the socket peer, or the X-Forwarded-For client
 * when the peer is in TRUSTED_PROXY_HOSTS (the server sets Fastify's trustProxy to that list, and
 * Fastify walks the header back only through trusted hops).
 */
export function clientIp(request: FastifyRequest): string {
  return request.ip;
}

/**
 * Record an access.denied event for the request and answer 403 with `detail`. `needed` is what a
 * policy asked for (metadata `required`); a route's own check passes null and says what was asked
 * in `extra`, appended to the metadata.
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
  recordEvent(ctx.store, {
    event_type: 'access.denied',
    status: 'denied',
    org_id: p?.orgId ?? null,
    user_id: p?.userId ?? null,
    workflow_id: workflowId ?? null,
    ip_address: clientIp(request),
    action: `${request.method} ${request.routeOptions.url ?? loggablePath(request.url)}`,
    metadata: {
      ...(p ? { api_key_id: p.keyId, role: p.role } : {}),
      ...(needed ? { required: needed } : {}),
      reason: detail,
      ...extra,
    },
  });
}

export function recordRecheck(ctx: RouteContext, request: FastifyRequest, error: RecheckError): void {
  const r = error.refusal;
  if (r.event === 'access.denied') {
    recordDenial(ctx, request, r.principal, error.message, null, null, { rechecked: true, lost: r.lost });
    return;
  }
  recordEvent(ctx.store, {
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
