import type { FastifyInstance, FastifyRequest } from 'fastify';
import { diffPolicy, type PolicyDiff } from '../../lib/access-policy/diff.js';
import { networkDecider } from '../../lib/access-policy/network.js';
import { PolicyDocumentSchema, StoredPolicySchema } from '../../lib/access-policy/schema.js';
import { validatePolicy } from '../../lib/access-policy/validate.js';
import { CheckAnswerSchema, CheckRequest } from '../../lib/api/access-policy.js';
import { ErrorDetail, IdParams } from '../../lib/api/shapes.js';
import { checkAccess } from '../access/check.js';
import { policyOf, putPolicy, readPolicy } from '../access/policy-store.js';
import { clientIp } from '../denial.js';
import { ApiError } from '../errors.js';
import { actorOf, principalOf } from '../pipeline.js';
import { organizationRef, resolvedParam } from '../resolution.js';
import type { RouteContext } from '../types.js';

// The access policy (docs/authorization.md): the organization's access_control and network rules, versioned.

/** Most problems a 422 lists: any real document has far fewer; a hostile one gets a bounded answer. */
const MAX_PROBLEMS = 1000;

/** `If-Match: 3` or `"3"` (as an ETag); `*` asks nothing. Undefined when absent. */
function ifMatchOf(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header);
  if (!m) throw new ApiError(400, 'If-Match must be the policy version you last read, such as "3"');
  return Number(m[1]);
}

/** The change, as the access.policy_changed event keeps it: names, not whole documents. */
function changes(d: PolicyDiff): Record<string, unknown> {
  const rule = (r: { kind: string; pattern: string; action: string }) =>
    `${r.kind} ${JSON.stringify(r.pattern)} ${r.action}`;
  return {
    ...(d.enabled ? { enabled: d.enabled } : {}),
    ...(d.default_role ? { default_role: d.default_role } : {}),
    roles_added: d.roles.added.map((r) => r.name),
    roles_removed: d.roles.removed.map((r) => r.name),
    roles_changed: d.roles.changed.map((r) => r.name),
    rules_added: d.rules.added.map(rule),
    rules_removed: d.rules.removed.map(rule),
    rules_changed: d.rules.changed.map(rule),
    network: d.network,
  };
}

export function accessRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const base = '/api/v1/organizations/:id/access-policy';
  const tags = ['organizations'];
  const orgOf = (request: FastifyRequest) => resolvedParam(request, 'id', organizationRef);

  app.get(
    base,
    {
      schema: {
        summary: "The organization's access policy (version 0 before any was set)",
        tags,
        params: IdParams,
        response: { 200: StoredPolicySchema },
      },
    },
    async (request, reply) => {
      const policy = readPolicy(ctx.store, orgOf(request));
      reply.header('etag', `"${policy.version}"`);
      return policy;
    },
  );

  app.put(
    base,
    {
      // The body is checked by validatePolicy, which lists every problem (the schema is for the docs).
      attachValidation: true,
      schema: {
        summary: 'Replace the access policy (owner); If-Match: <version> refuses a lost update (412)',
        tags,
        params: IdParams,
        body: PolicyDocumentSchema,
        response: { 200: StoredPolicySchema, 409: ErrorDetail, 412: ErrorDetail },
      },
    },
    async (request, reply) => {
      if (request.validationError && request.validationError.validationContext !== 'body')
        throw request.validationError;
      const orgId = orgOf(request);
      const ifMatch = ifMatchOf(request.headers['if-match']);
      const checked = validatePolicy(request.body);
      if (!checked.ok) {
        const shown = checked.problems.slice(0, MAX_PROBLEMS).map((p) => ({ ...p, loc: ['body', ...p.loc] }));
        const more = checked.problems.length - shown.length;
        const rest = { loc: ['body'], msg: `and ${more} more problems`, type: 'too_many_problems' };
        throw new ApiError(422, more > 0 ? [...shown, rest] : shown);
      }
      // Nobody locks themselves out: the caller's own address must pass the new network rules.
      const address = clientIp(request);
      const own = networkDecider(checked.policy.network)(address);
      if (own.blocked) {
        throw new ApiError(
          409,
          `this policy's network rules would block your own address ${address} (${own.decided_by}): add it to ip_allowlist`,
        );
      }
      const p = principalOf(request);
      const actor = actorOf(request);
      const outcome = putPolicy(ctx.store, orgId, checked.policy, {
        ...(ifMatch === undefined ? {} : { ifMatch }),
        author: p,
        userId: p.userId,
        event: (before, after) => ({
          ...actor,
          org_id: orgId,
          event_type: 'access.policy_changed',
          status: 'success',
          action: 'access_policy.update',
          metadata: {
            ...actor.metadata,
            old_version: before.version,
            new_version: after.version,
            changes: changes(diffPolicy(policyOf(before), policyOf(after))),
          },
        }),
      });
      if (outcome.status === 'conflict') {
        throw new ApiError(
          412,
          `the policy changed meanwhile: version ${outcome.current} is current, not ${ifMatch}`,
        );
      }
      reply.header('etag', `"${outcome.after.version}"`);
      return outcome.after;
    },
  );

  app.post(
    `${base}/check`,
    {
      schema: {
        summary:
          'May they? For the caller, or (admin, owner) another member or a role; with the deciding rule',
        tags,
        params: IdParams,
        body: CheckRequest,
        response: { 200: CheckAnswerSchema },
      },
    },
    async (
      request: FastifyRequest<{
        Body: { action: string; resource: string; user_id?: string; role?: string };
      }>,
    ) => checkAccess(ctx, request, orgOf(request), request.body),
  );
}
