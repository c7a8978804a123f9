import {
  type Action,
  BUILTIN_ROLES,
  type BuiltinRole,
  DEFAULT_ROLE,
  type Permission,
  type ResourceKind,
} from './names.js';
import type { Policy } from './schema.js';

// Step 4 of a decision: what a role may do. Built-in roles keep their rank (owner > admin > member
// > viewer) and the rights the route table gives each; a custom role has the permissions it
// lists. A member whose custom role is no longer in the policy has the policy's default_role,
// decided each time, so removing a role needs no change to stored members.

/** A role as decided by: a built-in one, or a custom one with its permissions. */
export type EffectiveRole =
  | { name: BuiltinRole; builtin: BuiltinRole; permissions: null; fallback: boolean }
  | { name: string; builtin: null; permissions: readonly Permission[]; fallback: boolean };

const RANK: Record<BuiltinRole, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

export function isBuiltinRole(name: string): name is BuiltinRole {
  return (BUILTIN_ROLES as readonly string[]).includes(name);
}

/** Whether built-in `role` is `min` or above. */
export function rankAtLeast(role: BuiltinRole, min: BuiltinRole): boolean {
  return RANK[role] >= RANK[min];
}

/** Whether a role of this name exists under the policy (built-in, or one of its custom roles). */
export function roleDefined(policy: Policy, name: string): boolean {
  return isBuiltinRole(name) || policy.access_control.roles.some((r) => r.name === name);
}

/** The role a member assigned `assigned` is decided as: it, or default_role when it is gone. */
export function effectiveRole(policy: Policy, assigned: string): EffectiveRole {
  const resolve = (name: string, fallback: boolean): EffectiveRole | undefined => {
    if (isBuiltinRole(name)) return { name, builtin: name, permissions: null, fallback };
    const custom = policy.access_control.roles.find((r) => r.name === name);
    return custom && { name, builtin: null, permissions: custom.permissions, fallback };
  };
  return (
    resolve(assigned, false) ??
    resolve(policy.access_control.default_role, true) ?? {
      name: DEFAULT_ROLE,
      builtin: DEFAULT_ROLE,
      permissions: null,
      fallback: true,
    }
  );
}

/** Whether permissions grant one: `admin` grants them all, as the `admin` scope does. */
export function permits(permissions: readonly Permission[], needed: Permission): boolean {
  return permissions.includes('admin') || permissions.includes(needed);
}

/**
 * The built-in rank a role counts as where only a rank will do (who may see every key, who is
 * "below admin"): a custom role with `admin` counts as admin, any other as member. Never owner.
 */
export function rankOf(role: EffectiveRole): BuiltinRole {
  if (role.builtin) return role.builtin;
  return permits(role.permissions, 'admin') ? 'admin' : 'member';
}

/** What step 4 asks of a role for one thing: a lowest built-in role, and a custom role's permission. */
export interface RoleRequirement {
  /** Lowest built-in role allowed; absent: every built-in role. `owner` is never met by a custom role. */
  minRole?: BuiltinRole;
  /** The permission a custom role needs; null: any role; absent: no custom role. */
  permission?: Permission | null;
}

/** Step 4: whether `role` meets a requirement. */
export function roleMeets(role: EffectiveRole, need: RoleRequirement): boolean {
  if (role.builtin) return !need.minRole || rankAtLeast(role.builtin, need.minRole);
  if (need.minRole === 'owner' || need.permission === undefined) return false;
  return need.permission === null || permits(role.permissions, need.permission);
}

/**
 * The rights of each resource action, for the routes that perform it and for `decide`: built-in
 * roles exactly as the route table has always had them, custom roles by the matching permission.
 */
export const ACTION_RIGHTS: Readonly<Record<ResourceKind, Partial<Record<Action, RoleRequirement>>>> = {
  workflows: {
    read: { permission: 'read' },
    write: { minRole: 'member', permission: 'write' },
    execute: { minRole: 'member', permission: 'execute' },
    delete: { minRole: 'admin', permission: 'delete' },
  },
  secrets: {
    read: { permission: 'read' },
    write: { minRole: 'admin', permission: 'write' },
    delete: { minRole: 'admin', permission: 'delete' },
  },
};

/** The requirement of one resource action (every kind/action pair docs/api.md lists has one). */
export function actionRights(kind: ResourceKind, action: Action): RoleRequirement {
  const rights = ACTION_RIGHTS[kind][action];
  if (!rights) throw new Error(`no rights defined for ${action} on ${kind}`);
  return rights;
}

/** `member, admin or owner`: the built-in roles at or above `min`. */
export function rolesFrom(min: BuiltinRole): string {
  const allowed = [...BUILTIN_ROLES].reverse().filter((r) => rankAtLeast(r, min));
  return allowed.length === 1
    ? (allowed[0] as string)
    : `${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}`;
}
