import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { resolveAndAuthorise } from './access/resolve.js';
import { BlockedEventLimiter, networkVerdict } from './access/steps.js';
import { recordRefusal } from './audit.js';
import { authenticate } from './auth.js';
import { authorise } from './authorise.js';
import { clientIp, deny, recordRecheck } from './denial.js';
import { ApiError } from './errors.js';
import type { PolicyIndex } from './policy.js';
import type { FixedWindowLimiter } from './rate-limit.js';
import { currentPrincipal, RecheckError } from './recheck.js';
import { loggablePath } from './redact.js';
import { repeatedHeader } from './single-headers.js';
import type { Principal, RouteContext } from './types.js';

export { clientIp, deny } from './denial.js';

/** Who made a request, as audit events record it; principal-less requests leave the ids null. */
export interface Actor {
  org_id: string | null;
  user_id: string | null;
  ip_address: string;
  /** `{ api_key_id }`; spread it where that key belongs, since stored metadata keeps key order. */
  metadata: { api_key_id?: string };
}

/** The "who did this" fields of an audit event, ready to spread into recordRefusal's input. */
export function actorOf(request: FastifyRequest): Actor {
  const p = request.principal;
  return {
    org_id: p?.orgId ?? null,
    user_id: p?.userId ?? null,
    ip_address: clientIp(request),
    metadata: p ? { api_key_id: p.keyId } : {},
  };
}

function applyHeaders(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('x-request-id', request.id);
  const rl = request.rateLimit;
  if (rl) {
    reply.header('x-ratelimit-limit', String(rl.limit));
    reply.header('x-ratelimit-remaining', String(rl.remaining));
    reply.header('x-ratelimit-reset', String(rl.reset));
  }
}

/**
 * Step 2: refuse a client address the organization's network rules block (403), recording
 * `network.blocked` at most once a minute per organization and address.
 */
function checkNetwork(
  ctx: RouteContext,
  request: FastifyRequest,
  p: Principal,
  events: BlockedEventLimiter,
): void {
  const address = clientIp(request);
  const verdict = networkVerdict(ctx, p, address);
  if (!verdict.blocked) return;
  if (events.shouldRecord(`${p.orgId} ${address}`)) {
    recordRefusal(ctx.store, {
      event_type: 'network.blocked',
      status: 'denied',
      org_id: p.orgId,
      user_id: p.userId,
      ip_address: address,
      action: `${request.method} ${request.routeOptions.url}`,
      metadata: {
        api_key_id: p.keyId,
        step: 'network',
        decided_by: verdict.decided_by,
        reason: verdict.reason,
      },
    });
  }
  throw new ApiError(403, verdict.reason);
}

/**
 * Every request passes here, in the order of docs/authorization.md: identify the caller (1, 401),
 * count it against the rate limit, check its address (2), then the route's row: the key's scopes
 * (3) and the role (4); after validation, the key's workflow patterns (3) and the resource rules
 * (5) on what the path resolves to. Each refusal is a 403 with an audit event. Unmatched routes
 * (404) are only counted.
 */
export function installPipeline(
  app: FastifyInstance,
  ctx: RouteContext,
  policies: PolicyIndex,
  limiter: FixedWindowLimiter,
): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('rateLimit', null);
  const blockedEvents = new BlockedEventLimiter(ctx.now);

  app.addHook('onRequest', async (request) => {
    const repeated = repeatedHeader(request.raw.rawHeaders);
    if (repeated) throw new ApiError(400, `the request has more than one ${repeated} header; send it once`);
    const url = request.routeOptions.url;
    const policy = policies.policyFor(request.method, url);
    const needsKey = url !== undefined && policy?.public !== true;
    const outcome = needsKey ? authenticate(ctx.store, request.headers.authorization) : undefined;
    const principal = outcome?.ok ? outcome.principal : null;
    request.principal = principal;

    const rl = limiter.hit(principal ? `key:${principal.keyId}` : `ip:${clientIp(request)}`);
    request.rateLimit = rl;
    if (!rl.allowed) {
      throw new ApiError(429, `rate limit exceeded; retry in ${rl.retryAfter} s`, {
        'retry-after': String(rl.retryAfter),
      });
    }
    if (url === undefined) return; // 404: the not-found handler answers.

    if (outcome && !outcome.ok) {
      recordRefusal(ctx.store, {
        event_type: 'auth.failed',
        status: 'failure',
        org_id: outcome.orgId ?? null,
        user_id: outcome.userId ?? null,
        ip_address: clientIp(request),
        action: 'authenticate',
        metadata: {
          reason: outcome.reason,
          method: request.method,
          path: loggablePath(request.url),
          ...(outcome.keyId ? { api_key_id: outcome.keyId } : {}),
        },
      });
      throw new ApiError(401, outcome.detail, { 'www-authenticate': 'Bearer' });
    }
    if (!policy) {
      // Fail closed: startup refuses routes without a policy, so this is a bug, never a grant.
      ctx.log(`error ${request.id} no access policy for ${request.method} ${url}`);
      deny(ctx, request, 'no access policy for this route', { policy: 'missing' });
    }
    if (principal && policy) {
      checkNetwork(ctx, request, principal, blockedEvents);
      const decision = authorise(policy, principal);
      if (!decision.allowed) {
        deny(ctx, request, decision.detail, decision.needed, null, {
          step: decision.step,
          decided_by: decision.decided_by,
        });
      }
    }
  });

  // Path parameters are resolved, and workflow patterns checked, after validation: the name may
  // come from the body, and what is resolved here is what the handler acts on.
  app.addHook('preHandler', async (request) => {
    const url = request.routeOptions.url;
    if (url === undefined) return; // 404: nothing to resolve
    const policy = policies.policyFor(request.method, url);
    const principal = request.principal;
    const nothingToResolve = Object.keys(request.params ?? {}).length === 0 && !policy?.workflowInBody;
    if (policy?.public && nothingToResolve) return; // docs: no key, no parameters
    // Public rows with parameters cannot be resolved for nobody, and a keyed row always has a key.
    if (!policy || !principal) deny(ctx, request, 'no access policy for this route', { policy: 'missing' });
    // The body has arrived, perhaps long after the headers were authenticated: decide, resolve and
    // act on the key as it stands now (401 if it died meanwhile, 403 if its role no longer does).
    const current = currentPrincipal(ctx.store, principal);
    request.principal = current;
    const decision = authorise(policy, current);
    if (!decision.allowed) {
      deny(ctx, request, decision.detail, decision.needed, null, {
        step: decision.step,
        decided_by: decision.decided_by,
      });
    }
    resolveAndAuthorise(ctx, request, policy, current);
  });

  // A key found dead (or narrowed) on a second look, here or inside a change's transaction
  // (store.mutate): the refusal is audited like the first look's, with the request it refused.
  app.addHook('onError', async (request, _reply, error) => {
    if (error instanceof RecheckError) recordRecheck(ctx, request, error);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    applyHeaders(request, reply);
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    // Method, path, status, time, request id: never a query string, a body or a header, and
    // nothing shaped like a key (a key pasted into a URL must not land in the log).
    ctx.log(
      `${request.method} ${loggablePath(request.url)} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)}ms ${request.id}`,
    );
  });
}

/** The request's principal; a route whose policy needs a key can rely on it. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal)
    throw new Error(`no principal on ${request.method} ${request.routeOptions.url}: is its policy public?`);
  return request.principal;
}
