import type { FastifyRequest } from 'fastify';
import {
  type CompiledPolicy,
  type Decision,
  decideFor,
  resourceRuleDecision,
  roleRuleId,
} from '../../lib/access-policy/decide.js';
import { type Action, RESOURCE_ACTIONS } from '../../lib/access-policy/names.js';
import {
  formatResource,
  isAction,
  parseResource,
  RESOURCE_FORMS,
  type Resource,
} from '../../lib/access-policy/resource.js';
import {
  type EffectiveRole,
  effectiveRole,
  rankAtLeast,
  rankOf,
  roleDefined,
} from '../../lib/access-policy/roles.js';
import { scopeSatisfies } from '../../lib/scopes.js';
import { getUser } from '../accounts.js';
import { deny } from '../denial.js';
import { ApiError } from '../errors.js';
import { principalOf } from '../pipeline.js';
import { workflowAllowed } from '../policy.js';
import { effectiveRoleOf, type RouteContext } from '../types.js';
import { currentPolicy } from './policy-store.js';

// POST …/access-policy/check: the answer a request would get, with the rule that decided. For the
// caller it runs steps 3–5 (their key's scopes and workflow patterns, their role, the resource
// rules); for another member or a role, steps 4–5 (keys differ from one to the next). The rules
// are the ones requests are decided by (lib/access-policy, the rights of policy.ts's rows).

export interface CheckBody {
  action: string;
  resource: string;
  user_id?: string;
  role?: string;
}

export type CheckAnswer = Omit<Decision, 'step'> & { step: Decision['step'] | 'key'; role: string };

/** The scope a key needs to ask about another member or a role: GET …/access-policy's. */
const OTHERS_SCOPE = 'read';

function invalid(field: string, msg: string): ApiError {
  return new ApiError(422, [{ loc: ['body', field], msg, type: 'value_error' }]);
}

export function checkAccess(
  ctx: RouteContext,
  request: FastifyRequest,
  orgId: string,
  body: CheckBody,
): CheckAnswer {
  const p = principalOf(request);
  const resource = parseResource(body.resource);
  if ('error' in resource) throw invalid('resource', `${resource.error}; a resource is ${RESOURCE_FORMS}`);
  if (!isAction(resource.kind, body.action)) {
    const actions = RESOURCE_ACTIONS[resource.kind].join(', ');
    throw invalid('action', `"${body.action}" is not an action on ${resource.kind}: ${actions}`);
  }
  const action = body.action;
  if (body.user_id !== undefined && body.role !== undefined)
    throw invalid('role', 'give user_id or role, not both');
  const compiled = currentPolicy(ctx.store, orgId);
  const forOther = body.role !== undefined || (body.user_id !== undefined && body.user_id !== p.userId);
  if (forOther) {
    const mine = effectiveRoleOf(p);
    if (!rankAtLeast(rankOf(mine), 'admin')) {
      const detail = 'asking for another member or a role requires role admin or owner';
      deny(ctx, request, detail, { role: 'admin' }, null, { step: 'role', decided_by: roleRuleId(mine) });
    }
    // Another's answer is the policy and their role, piece by piece: the key needs the scope that
    // reading the policy needs (GET …/access-policy), not only the role.
    if (!scopeSatisfies(p.scopes, OTHERS_SCOPE)) {
      deny(ctx, request, `requires scope ${OTHERS_SCOPE}`, { scope: OTHERS_SCOPE }, null, {
        step: 'key',
        decided_by: 'api_key.scopes',
      });
    }
    let role: EffectiveRole;
    if (body.user_id !== undefined) {
      const user = getUser(ctx.store, body.user_id);
      if (!user || user.org_id !== orgId) throw new ApiError(404, 'member not found');
      role = effectiveRole(compiled.policy, user.role);
    } else {
      const name = body.role as string;
      if (!roleDefined(compiled.policy, name)) throw invalid('role', `role "${name}" is not defined`);
      role = effectiveRole(compiled.policy, name);
    }
    return { ...decideWithRead(compiled, role, action, resource), role: role.name };
  }
  const role = effectiveRoleOf(p);
  const scope = `${resource.kind}:${action}`;
  const key = (reason: string, decided_by: string): CheckAnswer => ({
    allowed: false,
    reason,
    decided_by,
    step: 'key',
    role: role.name,
  });
  if (!scopeSatisfies(p.scopes, scope)) return key(`the API key lacks scope ${scope}`, 'api_key.scopes');
  if (resource.kind === 'workflows' && !workflowAllowed(p.workflows, resource.name)) {
    return key(
      `the API key's workflow patterns do not match ${formatResource(resource)}`,
      'api_key.workflows',
    );
  }
  return { ...decideWithRead(compiled, role, action, resource), role: role.name };
}

/**
 * decideFor, and, for an action on a secret other than read, the read rule's refusal as the request
 * gets it (resolve.ts: a route on one secret tells what only a reader may know).
 */
function decideWithRead(
  compiled: CompiledPolicy,
  role: EffectiveRole,
  action: Action,
  resource: Resource,
): Decision {
  const decision = decideFor(compiled, role, action, resource);
  if (!decision.allowed || resource.kind !== 'secrets' || action === 'read') return decision;
  if (!compiled.policy.access_control.enabled || role.builtin === 'owner') return decision;
  const read = resourceRuleDecision(compiled, role, 'read', resource);
  return read && !read.allowed ? read : decision;
}
