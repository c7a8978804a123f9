import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MemberListSchema, MemberSchema, RoleChange } from '../../lib/api/orgs.js';
import { ErrorDetail, IdParams } from '../../lib/api/shapes.js';
import { changeRole, listMembers, roleChangeRefusal } from '../access/members.js';
import { deny } from '../denial.js';
import { ApiError } from '../errors.js';
import { actorOf, principalOf } from '../pipeline.js';
import { memberRef, organizationRef, resolvedParam } from '../resolution.js';
import { effectiveRoleOf, type RouteContext, roleName } from '../types.js';

// Organization members and roles (docs/emulator.md "Access policy and members"). Who may call which
// route is in ../policy.ts; who may give whom which role is ../access/members.ts.

const memberParams = {
  type: 'object',
  properties: { id: { type: 'string' }, user_id: { type: 'string' } },
  required: ['id', 'user_id'],
} as const;

/** Members: listed by admins; roles changed by owners, and by admins below admin. */
export function memberRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const base = '/api/v1/organizations/:id/members';

  app.get(
    base,
    {
      schema: {
        summary: "The organization's members and their roles",
        tags: ['organizations'],
        params: IdParams,
        response: { 200: MemberListSchema },
      },
    },
    async (request) => ({ members: listMembers(ctx.store, resolvedParam(request, 'id', organizationRef)) }),
  );

  app.patch(
    `${base}/:user_id`,
    {
      schema: {
        summary: "Change a member's role (owner; an admin only below admin; never your own)",
        tags: ['organizations'],
        params: memberParams,
        body: RoleChange,
        response: { 200: MemberSchema, 403: ErrorDetail, 409: ErrorDetail },
      },
    },
    async (request: FastifyRequest<{ Body: { role: string } }>) => {
      const p = principalOf(request);
      const orgId = resolvedParam(request, 'id', organizationRef);
      const target = resolvedParam(request, 'user_id', memberRef);
      if (target.org_id !== orgId) throw memberRef.unresolved(target.id);
      const newRole = request.body.role;
      const refusal = roleChangeRefusal(
        ctx.store,
        { userId: p.userId, role: effectiveRoleOf(p) },
        target,
        newRole,
      );
      const refuse = (r: { status: number; detail: string }): never => {
        if (r.status === 403)
          deny(ctx, request, r.detail, null, null, { target_user_id: target.id, new_role: newRole });
        if (r.status === 422)
          throw new ApiError(422, [{ loc: ['body', 'role'], msg: r.detail, type: 'value_error' }]);
        throw new ApiError(r.status, r.detail);
      };
      if (refusal) refuse(refusal);
      const actor = actorOf(request);
      const outcome = changeRole(ctx.store, principalOf(request), target, newRole, (oldRole) => ({
        ...actor,
        org_id: orgId,
        event_type: 'member.role_changed',
        status: 'success',
        action: 'member.role_change',
        metadata: {
          ...actor.metadata,
          target_user_id: target.id,
          old_role: oldRole,
          new_role: newRole,
          by_role: roleName(p),
        },
      }));
      if (!outcome.ok) return refuse(outcome.refusal);
      return outcome.member;
    },
  );
}
