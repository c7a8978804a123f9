import { type AuthFailureReason, reauthenticate } from './auth.js';
import { ApiError } from './errors.js';
import type { Store } from './store.js';
import { effectiveRoleOf, type Principal, roleAtLeast, roleName } from './types.js';

// A request is authenticated when its headers arrive, but its body may come much later (the server
// allows a whole request REQUEST_TIMEOUT_MS, server.ts). What was true of the key then may not be
// now: it may have been revoked, have expired, or its user demoted. So the key is checked again
// when the body has arrived (pipeline.ts) and once more inside the transaction of every change
// (store.mutate), where nothing can change it before the change commits.

/** What the refusal's audit event says; the pipeline adds the request's address and path. */
export type RecheckRefusal =
  | { event: 'auth.failed'; reason: AuthFailureReason; keyId: string; userId?: string; orgId?: string }
  | { event: 'access.denied'; principal: Principal; lost: string };

/** The key no longer stands (401) or no longer holds what the request was allowed with (403). */
export class RecheckError extends ApiError {
  constructor(
    status: 401 | 403,
    detail: string,
    readonly refusal: RecheckRefusal,
  ) {
    super(status, detail, status === 401 ? { 'www-authenticate': 'Bearer' } : {});
    this.name = 'RecheckError';
  }
}

/** What `now` lacks that `before` had, in words, or undefined when it holds at least as much. */
export function narrowing(before: Principal, now: Principal): string | undefined {
  if (now.orgId !== before.orgId || now.userId !== before.userId) return 'owner';
  if (!roleAtLeast(now.role, before.role)) return `role (${before.role}, now ${now.role})`;
  // A custom role's rights are the policy's: another custom role (or the fallback to default_role)
  // is judged anew, not by rank.
  const [was, is] = [effectiveRoleOf(before), effectiveRoleOf(now)];
  const custom = was.permissions !== null || is.permissions !== null;
  if (custom && JSON.stringify(was) !== JSON.stringify(is))
    return `role (${roleName(before)}, now ${roleName(now)})`;
  if (before.isSuperuser && !now.isSuperuser) return 'superuser status';
  const lost = before.scopes.filter((s) => !now.scopes.includes(s));
  if (lost.length > 0) return `scopes (${lost.join(', ')})`;
  if (JSON.stringify([...before.workflows].sort()) !== JSON.stringify([...now.workflows].sort()))
    return 'workflow patterns';
  return undefined;
}

/** The principal's key as stored now; throws RecheckError (401) when it no longer stands. */
export function currentPrincipal(store: Store, principal: Principal): Principal {
  const outcome = reauthenticate(store, principal.keyId);
  if (outcome.ok) return outcome.principal;
  throw new RecheckError(401, outcome.detail, {
    event: 'auth.failed',
    reason: outcome.reason,
    keyId: principal.keyId,
    ...(outcome.userId ? { userId: outcome.userId } : {}),
    ...(outcome.orgId ? { orgId: outcome.orgId } : {}),
  });
}

/**
 * Check, inside a change's transaction, that the key the request was authorised with still stands
 * and still holds every privilege it had then: 401 when it died, 403 when it lost any (the request
 * was allowed on a role or scope it no longer has, so the decision no longer holds).
 */
export function recheckPrincipal(store: Store, principal: Principal): void {
  const now = currentPrincipal(store, principal);
  const lost = narrowing(principal, now);
  if (lost === undefined) return;
  throw new RecheckError(403, `the API key's ${lost} changed while the request was in flight`, {
    event: 'access.denied',
    principal: now,
    lost,
  });
}
