import type { FastifyRequest } from 'fastify';
import { type Decision, refusingRuleOfKind, resourceRuleDecision } from '../../lib/access-policy/decide.js';
import type { Action, ResourceKind } from '../../lib/access-policy/names.js';
import type { NetworkVerdict } from '../../lib/access-policy/network.js';
import type { Resource } from '../../lib/access-policy/resource.js';
import { SECRET_NAME } from '../../lib/validate.js';
import { effectiveRoleOf, type Principal, type RouteContext } from '../types.js';
import { currentPolicy } from './policy-store.js';

// Steps 2 (network) and 5 (resource rules) of the order of checks (docs/authorization.md), as the
// pipeline and the list routes apply them to requests. The rules themselves are lib/access-policy's.

/** Step 2: the network rules of the caller's organization for the request's client address. */
export function networkVerdict(ctx: RouteContext, principal: Principal, address: string): NetworkVerdict {
  return currentPolicy(ctx.store, principal.orgId).network(address);
}

/**
 * At most one `network.blocked` event per organization and address a minute: a blocked client
 * that keeps trying cannot flood the audit log (each try is still refused).
 */
export class BlockedEventLimiter {
  private readonly last = new Map<string, number>();

  constructor(
    private readonly now: () => Date,
    private readonly windowMs = 60_000,
  ) {}

  /** Whether to record an event for this key now (and remember that one was). */
  shouldRecord(key: string): boolean {
    const t = this.now().getTime();
    const seen = this.last.get(key);
    if (seen !== undefined && t - seen < this.windowMs) return false;
    if (this.last.size >= 10_000) {
      for (const [k, at] of this.last) if (t - at >= this.windowMs) this.last.delete(k);
    }
    this.last.set(key, t);
    return true;
  }
}

/**
 * Step 5 for one resource: the deciding rule's answer, or undefined when resource rules are off,
 * the caller is the owner (never refused by one), or no matching pattern names the action.
 */
export function resourceStep(
  ctx: RouteContext,
  principal: Principal,
  action: Action,
  resource: Resource,
): Decision | undefined {
  const compiled = currentPolicy(ctx.store, principal.orgId);
  const role = effectiveRoleOf(principal);
  if (!compiled.policy.access_control.enabled || role.builtin === 'owner') return undefined;
  return resourceRuleDecision(compiled, role, action, resource);
}

/**
 * For an action on one secret other than `read`: the read rule's refusal when the caller's role may
 * not read it (the route's answer would tell what a read is refused), else undefined.
 */
export function secretReadRefused(
  ctx: RouteContext,
  principal: Principal,
  action: Action,
  resource: Resource,
): Decision | undefined {
  if (resource.kind !== 'secrets' || action === 'read') return undefined;
  const read = resourceStep(ctx, principal, 'read', resource);
  return read && !read.allowed ? read : undefined;
}

/**
 * Step 5 for a resource whose name is not known (an id that resolved to nothing): the rule that
 * could refuse the caller this action on some resource of `kind`, so that the unknown id is
 * refused as a hidden one is; undefined when none could (then a 404 says nothing is there).
 */
export function unknownResourceStep(
  ctx: RouteContext,
  principal: Principal,
  action: Action,
  kind: ResourceKind,
): string | undefined {
  const compiled = currentPolicy(ctx.store, principal.orgId);
  const role = effectiveRoleOf(principal);
  if (!compiled.policy.access_control.enabled || role.builtin === 'owner') return undefined;
  return refusingRuleOfKind(compiled, role, action, kind);
}

/** The secret a `/secrets/:name[?environment=E]` request names, as a resource. */
export function secretResource(request: FastifyRequest): Resource | undefined {
  const name = (request.params as { name?: string } | undefined)?.name;
  const environment = (request.query as { environment?: string } | undefined)?.environment ?? null;
  return name !== undefined && SECRET_NAME.test(name) ? { kind: 'secrets', environment, name } : undefined;
}

/**
 * For list routes: which items the caller may see under step 5 (`read` on each). A list never
 * fails for a rule; it leaves out what the caller could not read one by one. The policy is looked
 * up once per list, not once per item.
 */
/** What readableBy answers when no rule can hide anything: a list may skip the per-item check. */
export const READ_ALL = (_resource: Resource): boolean => true;

export function readableBy(ctx: RouteContext, principal: Principal): (resource: Resource) => boolean {
  const compiled = currentPolicy(ctx.store, principal.orgId);
  const role = effectiveRoleOf(principal);
  if (!compiled.policy.access_control.enabled || role.builtin === 'owner') return READ_ALL;
  return (resource) => resourceRuleDecision(compiled, role, 'read', resource)?.allowed !== false;
}
