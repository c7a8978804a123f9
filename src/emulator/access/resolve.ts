import type { FastifyRequest } from 'fastify';
import type { Decision } from '../../lib/access-policy/decide.js';
import type { Action } from '../../lib/access-policy/names.js';
import { formatResource, type Resource } from '../../lib/access-policy/resource.js';
import { deny, quoted } from '../denial.js';
import type { RoutePolicy } from '../policy.js';
import { unrestrictedPatterns, workflowAllowed } from '../policy.js';
import { type AnyParamResolver, recordResolved } from '../resolution.js';
import { type Principal, type RouteContext, roleName } from '../types.js';
import { resourceStep, secretReadRefused, secretResource, unknownResourceStep } from './steps.js';

// After validation: resolve each path parameter once, check the key's workflow patterns on what
// resolved (step 3), then the access policy's resource rules on it (step 5), and only then say
// that something does not exist.

interface Pending {
  param: string;
  raw: string;
  resolver: AnyParamResolver;
  entity: unknown;
}

/** What the request acts on, for step 5, and how a refusal quotes it (what was asked, never what resolved). */
function target(
  policy: RoutePolicy,
  request: FastifyRequest,
  workflow: { name: string; asked: string } | undefined,
): { resource: Resource; asked: string } | undefined {
  if (!policy.resource || policy.resource.list) return undefined;
  if (policy.resource.kind === 'workflows') {
    return workflow && { resource: { kind: 'workflows', name: workflow.name }, asked: workflow.asked };
  }
  const secret = secretResource(request);
  return secret && { resource: secret, asked: formatResource(secret) };
}

function refuseByRule(
  ctx: RouteContext,
  request: FastifyRequest,
  p: Principal,
  action: string,
  d: Decision,
  t: { resource: Resource; asked: string },
): never {
  const detail = `the organization's access policy does not allow role ${roleName(p)} to ${action} ${t.asked}`;
  const workflowId = t.resource.kind === 'workflows' ? t.resource.name : null;
  deny(ctx, request, detail, { rule: d.decided_by }, workflowId, {
    step: 'resource',
    decided_by: d.decided_by,
    resource: formatResource(t.resource),
  });
}

/**
 * An id that names no workflow or run, where some rule could refuse the caller the action: refused
 * in the words a hidden one is, so a 404 never tells that a refused one exists. The event says no
 * rule matched a resource (`decided_by` names a rule that could have).
 */
function refuseUnnamed(
  ctx: RouteContext,
  request: FastifyRequest,
  p: Principal,
  action: Action,
  asked: string,
): void {
  const rule = unknownResourceStep(ctx, p, action, 'workflows');
  if (rule === undefined) return;
  const detail = `the organization's access policy does not allow role ${roleName(p)} to ${action} ${asked}`;
  deny(ctx, request, detail, { rule }, null, { step: 'resource', decided_by: rule, resolved: false });
}

/**
 * Resolve every path parameter the row declares, once; check the key's workflow patterns on the
 * canonical name of what was resolved (or created), then the resource rules. Fails closed: an
 * undeclared parameter, a missing body name, or text that resolves to nothing for a key its
 * patterns restrict is a 403 (whether or not something exists); only a key that may see every
 * workflow, or text that is a canonical name inside the key's patterns (and the rules), learns
 * that nothing is there (the resolver's 404).
 */
export function resolveAndAuthorise(
  ctx: RouteContext,
  request: FastifyRequest,
  policy: RoutePolicy,
  principal: Principal,
): void {
  const params = (request.params ?? {}) as Record<string, string>;
  const declared = policy.params ?? {};
  const undeclared = Object.keys(params).filter((p) => !(p in declared));
  if (undeclared.length > 0) {
    ctx.log(`error ${request.id} no resolver for :${undeclared.join(', :')} of ${request.routeOptions.url}`);
    deny(ctx, request, 'no access policy for this route', { policy: 'missing' });
  }
  const pending: Pending[] = [];
  let workflow: { name: string; asked: string } | undefined;
  let unnamed: string | undefined;
  for (const [param, resolver] of Object.entries(declared)) {
    const raw = params[param] ?? '';
    const entity = resolver.resolve(raw, principal, ctx);
    pending.push({ param, raw, resolver, entity });
    const guard = resolver.guard;
    if (!guard) continue;
    const name = entity === undefined ? guard.nameIn(raw) : guard.nameOf(entity);
    const allowed =
      name === undefined
        ? unrestrictedPatterns(principal.workflows)
        : workflowAllowed(principal.workflows, name);
    if (!allowed) {
      // The event names the workflow for the organization's admins; unresolved text is quoted.
      const shown = name === undefined ? null : entity === undefined ? quoted(name) : name;
      deny(
        ctx,
        request,
        `API key is not allowed to access ${resolver.kind} ${quoted(raw)}`,
        { workflow: shown ?? 'unresolved' },
        shown,
        {
          requested: quoted(raw),
          resolved: entity !== undefined,
          step: 'key',
          decided_by: 'api_key.workflows',
        },
      );
    }
    if (name !== undefined) workflow = { name, asked: `${resolver.kind} ${quoted(raw)}` };
    else unnamed = `${resolver.kind} ${quoted(raw)}`;
  }
  if (policy.workflowInBody) {
    const name = policy.workflowInBody(request);
    if (name === undefined || !workflowAllowed(principal.workflows, name)) {
      const shown = name === undefined ? '(none given)' : quoted(name);
      deny(
        ctx,
        request,
        `API key is not allowed to access workflow ${shown}`,
        { workflow: shown },
        name ?? null,
        {
          step: 'key',
          decided_by: 'api_key.workflows',
        },
      );
    }
    workflow = { name, asked: `workflow ${quoted(name)}` };
  }
  const t = target(policy, request, workflow);
  if (t && policy.resource) {
    const decision = resourceStep(ctx, principal, policy.resource.action, t.resource);
    if (decision && !decision.allowed)
      refuseByRule(ctx, request, principal, policy.resource.action, decision, t);
    // Every route on one secret answers with what only a reader may know: its metadata (set,
    // rotation) or whether it exists (their 404, delete's 204/404). So it needs `read` on the
    // secret too, and a role the rules keep from reading it gets the read's refusal, existing or not.
    const read = secretReadRefused(ctx, principal, policy.resource.action, t.resource);
    if (read) refuseByRule(ctx, request, principal, 'read', read, t);
  } else if (policy.resource?.kind === 'workflows' && !policy.resource.list && unnamed !== undefined) {
    refuseUnnamed(ctx, request, principal, policy.resource.action, unnamed);
  }
  for (const { param, raw, resolver, entity } of pending) {
    if (entity === undefined) throw resolver.unresolved(raw);
    recordResolved(request, param, resolver, entity);
  }
}
