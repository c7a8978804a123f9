import { roleRuleId } from '../lib/access-policy/decide.js';
import { type RoleRequirement, roleMeets, rolesFrom } from '../lib/access-policy/roles.js';
import { scopeSatisfies } from '../lib/scopes.js';
import type { RoutePolicy } from './policy.js';
import { effectiveRoleOf, type Principal } from './types.js';

// A row of the policy table applied to a principal: steps 3 (the key's scopes) and 4 (the role)
// of the order of checks (docs/authorization.md), as the pipeline runs them before the body is read.

/** Which step of the order of checks refused: the key's scopes (3) or the role (4). */
export type DenyingStep = 'key' | 'role';

export type Decision =
  | { allowed: true }
  | { allowed: false; detail: string; needed: Record<string, string>; step: DenyingStep; decided_by: string };

function roleDenial(need: RoleRequirement, principal: Principal): Decision | undefined {
  const role = effectiveRoleOf(principal);
  if (roleMeets(role, need)) return undefined;
  const custom = role.builtin === null && need.minRole !== 'owner' && need.permission;
  const detail = custom
    ? `requires the ${need.permission} permission, which role ${role.name} lacks`
    : `requires role ${rolesFrom(need.minRole ?? 'viewer')}`;
  const needed: Record<string, string> = custom
    ? { permission: need.permission as string }
    : { role: need.minRole ?? 'viewer' };
  return { allowed: false, detail, needed, step: 'role', decided_by: roleRuleId(role) };
}

/**
 * Decide whether an authenticated principal meets a row's rules: the role (step 4: a built-in
 * role's rank, a custom role's permission) and the key's scopes (step 3). Both are decided before
 * the body is read; when both refuse, the role is named, since no key can outgrow its user's role.
 */
export function authorise(policy: RoutePolicy, principal: Principal): Decision {
  if (policy.superuser && !principal.isSuperuser) {
    return {
      allowed: false,
      detail: 'requires a platform superuser',
      needed: { superuser: 'true' },
      step: 'role',
      decided_by: 'platform.superuser',
    };
  }
  const denied = roleDenial(policy, principal);
  if (denied) return denied;
  if (policy.scope && !scopeSatisfies(principal.scopes, policy.scope)) {
    return {
      allowed: false,
      detail: `requires scope ${policy.scope}`,
      needed: { scope: policy.scope },
      step: 'key',
      decided_by: 'api_key.scopes',
    };
  }
  return { allowed: true };
}
