import { type Action, RESOURCE_KINDS, type ResourceKind } from './names.js';
import { type NetworkVerdict, networkDecider } from './network.js';
import { formatResource, patternMatcher, type Resource, specificity } from './resource.js';
import { actionRights, type EffectiveRole, effectiveRole, roleMeets, rolesFrom } from './roles.js';
import type { ActionRules, Policy } from './schema.js';

// Steps 4 and 5 of the order of checks (docs/authorization.md), for one role, action and resource:
// the role's rights, then the resource rules when access_control.enabled. Pure, so the emulator,
// `access check` and the CLI's local checks all answer alike.

/** An answer, with the rule that gave it. */
export interface Decision {
  allowed: boolean;
  reason: string;
  /** The rule that decided: `access_control.resources.workflows."production/*".execute`, … */
  decided_by: string;
  step: 'role' | 'resource';
}

interface CompiledRule {
  kind: ResourceKind;
  pattern: string;
  matches: (resource: Resource) => boolean;
  actions: ActionRules;
  specificity: [number, number];
}

/** A policy prepared for deciding many requests: patterns and network entries compiled once. */
export interface CompiledPolicy {
  policy: Policy;
  rules: readonly CompiledRule[];
  network: (address: string) => NetworkVerdict;
}

export function compilePolicy(policy: Policy): CompiledPolicy {
  const rules = RESOURCE_KINDS.flatMap((kind) =>
    Object.entries(policy.access_control.resources[kind]).map(([pattern, actions]) => ({
      kind,
      pattern,
      matches: patternMatcher(kind, pattern),
      actions,
      specificity: specificity(pattern),
    })),
  );
  return { policy, rules, network: networkDecider(policy.network) };
}

const ruleId = (r: CompiledRule, action: Action) =>
  `access_control.resources.${r.kind}.${JSON.stringify(r.pattern)}.${action}`;

/** The rule that names a role's rights: a built-in role's rank or a custom role's permissions. */
export function roleRuleId(role: EffectiveRole): string {
  return role.builtin
    ? `builtin_roles.${role.builtin}`
    : `access_control.roles.${JSON.stringify(role.name)}.permissions`;
}

/** `role developer`, noting when it is the default_role a member fell back to. */
function who(role: EffectiveRole): string {
  return role.fallback
    ? `role ${role.name} (the default_role, as the member's own role is not in the policy)`
    : `role ${role.name}`;
}

function compare(a: [number, number], b: [number, number]): number {
  return b[0] - a[0] || b[1] - a[1];
}

/**
 * Step 5 alone: the most specific patterns that match the resource and name the action decide
 * (ties must all list the role). Undefined when none names the action: step 4 alone decides.
 */
export function resourceRuleDecision(
  compiled: CompiledPolicy,
  role: EffectiveRole,
  action: Action,
  resource: Resource,
): Decision | undefined {
  const named = compiled.rules
    .filter((r) => r.kind === resource.kind && r.actions[action] !== undefined && r.matches(resource))
    .sort((a, b) => compare(a.specificity, b.specificity) || (a.pattern < b.pattern ? -1 : 1));
  const top = named[0];
  if (!top) return undefined;
  const tied = named.filter((r) => compare(r.specificity, top.specificity) === 0);
  const refusing = tied.find((r) => !(r.actions[action] ?? []).some((rule) => rule.role === role.name));
  const deciding = refusing ?? top;
  const id = ruleId(deciding, action);
  const listed = refusing ? 'is not listed' : 'is listed';
  return {
    allowed: refusing === undefined,
    reason: `${who(role)} ${listed} for ${action} in ${id.slice(0, -action.length - 1)} (${formatResource(resource)})`,
    decided_by: id,
    step: 'resource',
  };
}

/**
 * Step 5 for a resource of `kind` whose name cannot be known (an id that names nothing): the first
 * rule that names the action without listing the role, or undefined when no rule could refuse it
 * any resource of that kind. A refusal then must not depend on whether the resource exists.
 */
export function refusingRuleOfKind(
  compiled: CompiledPolicy,
  role: EffectiveRole,
  action: Action,
  kind: ResourceKind,
): string | undefined {
  const r = compiled.rules.find(
    (rule) =>
      rule.kind === kind &&
      rule.actions[action] !== undefined &&
      !(rule.actions[action] ?? []).some((entry) => entry.role === role.name),
  );
  return r && ruleId(r, action);
}

/** Steps 4–5 for an effective role (the emulator resolves it once per request). */
export function decideFor(
  compiled: CompiledPolicy,
  role: EffectiveRole,
  action: Action,
  resource: Resource,
): Decision {
  const roleRule = roleRuleId(role);
  const need = actionRights(resource.kind, action);
  if (!roleMeets(role, need)) {
    const why = role.builtin
      ? `requires role ${rolesFrom(need.minRole ?? 'viewer')}`
      : `it lacks the ${need.permission} permission`;
    return {
      allowed: false,
      reason: `${who(role)} may not ${action} ${resource.kind}: ${why}`,
      decided_by: roleRule,
      step: 'role',
    };
  }
  const allowedByRole: Decision = {
    allowed: true,
    reason: `${who(role)} may ${action} ${resource.kind}, and no resource rule names ${action} for ${formatResource(resource)}`,
    decided_by: roleRule,
    step: 'role',
  };
  if (!compiled.policy.access_control.enabled) {
    return {
      ...allowedByRole,
      reason: `${who(role)} may ${action} ${resource.kind}; resource rules are off`,
    };
  }
  if (role.builtin === 'owner') {
    return { ...allowedByRole, reason: 'the owner is never refused by a resource rule' };
  }
  return resourceRuleDecision(compiled, role, action, resource) ?? allowedByRole;
}

/**
 * May a member with role `role` (built-in, custom, or one the policy no longer has, which falls
 * back to default_role) perform `action` on `resource`? Steps 4–5; the key's scopes and the
 * network are the caller's to check.
 */
export function decide(
  policy: Policy | CompiledPolicy,
  request: { role: string; action: Action; resource: Resource },
): Decision {
  const compiled = 'rules' in policy ? policy : compilePolicy(policy);
  return decideFor(compiled, effectiveRole(compiled.policy, request.role), request.action, request.resource);
}
