import { type EffectiveRole, effectiveRole, rankOf, roleDefined } from '../../lib/access-policy/roles.js';
import type { UserRow } from '../accounts.js';
import type { ChangeEventInput } from '../audit.js';
import type { ChangeAuthor, Store } from '../store.js';
import { currentPolicy } from './policy-store.js';

// Organization members and their roles (docs/emulator.md "Access policy and members"): who may give
// whom which role. The HTTP side is routes/members.ts.

/** A member as the API shows it: the role it is decided as (a removed custom role shows its fallback). */
export interface MemberView {
  user_id: string;
  name: string;
  role: string;
  created_at: string;
}

export function memberView(store: Store, user: UserRow): MemberView {
  const role = effectiveRole(currentPolicy(store, user.org_id).policy, user.role);
  return { user_id: user.id, name: user.name, role: role.name, created_at: user.created_at };
}

export function listMembers(store: Store, orgId: string): MemberView[] {
  const users = store
    .prepare('SELECT * FROM users WHERE org_id = ? ORDER BY created_at, rowid')
    .all(orgId) as UserRow[];
  return users.map((u) => memberView(store, u));
}

/** Why a role change is refused: the HTTP status and the message. */
export type RoleChangeRefusal = { status: 403 | 409 | 422; detail: string };

/**
 * The rules of PATCH members/{user_id}, checked before anything changes: nobody changes their own
 * role; an admin (or a custom role with the admin permission) assigns only roles below admin, and
 * only to members below admin; the role must exist. The last-owner rule needs the store (below).
 */
export function roleChangeRefusal(
  store: Store,
  actor: { userId: string; role: EffectiveRole },
  target: UserRow,
  newRole: string,
): RoleChangeRefusal | undefined {
  const policy = currentPolicy(store, target.org_id).policy;
  if (!roleDefined(policy, newRole)) {
    return {
      status: 422,
      detail: `role "${newRole}" is not defined: a built-in role or a custom role of the access policy`,
    };
  }
  if (actor.userId === target.id) return { status: 403, detail: 'nobody changes their own role' };
  if (actor.role.builtin !== 'owner') {
    const belowAdmin = (role: EffectiveRole) => rankOf(role) !== 'admin' && rankOf(role) !== 'owner';
    if (!belowAdmin(effectiveRole(policy, newRole)) || !belowAdmin(effectiveRole(policy, target.role))) {
      return { status: 403, detail: 'an admin may assign roles below admin only, to members below admin' };
    }
  }
  return undefined;
}

/**
 * Give `target` its new role, with its audit event, in one transaction; refused with 409 when it
 * would demote the organization's last owner.
 */
export function changeRole(
  store: Store,
  author: ChangeAuthor,
  target: UserRow,
  newRole: string,
  event: (oldRole: string) => ChangeEventInput,
): { ok: true; member: MemberView } | { ok: false; refusal: RoleChangeRefusal } {
  return store.mutate(author, (work) => {
    const current = store.prepare('SELECT * FROM users WHERE id = ?').get(target.id) as UserRow;
    if (current.role === 'owner' && newRole !== 'owner') {
      const owners = store
        .prepare("SELECT COUNT(*) AS n FROM users WHERE org_id = ? AND role = 'owner'")
        .get(current.org_id) as { n: number };
      if (owners.n <= 1)
        return {
          ok: false as const,
          refusal: { status: 409 as const, detail: 'the last owner cannot be demoted' },
        };
    }
    if (current.role !== newRole) {
      store.prepare('UPDATE users SET role = ? WHERE id = ?').run(newRole, current.id);
      work.record(event(current.role));
    }
    return { ok: true as const, member: memberView(store, { ...current, role: newRole }) };
  });
}
