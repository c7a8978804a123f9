import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  GovernancePatch,
  GovernanceSchema,
  type GovernanceUpdate,
  QuotaPatch,
  QuotaSchema,
} from '../../lib/api/orgs.js';
import { IdParams } from '../../lib/api/shapes.js';
import { recordRefusal } from '../audit.js';
import { ApiError } from '../errors.js';
import { readGovernance, updateGovernance } from '../governance.js';
import { actorOf, principalOf } from '../pipeline.js';
import { applyOverrides, readQuota } from '../quota.js';
import { organizationRef, resolvedParam } from '../resolution.js';
import type { RouteContext } from '../types.js';

/** The organization a request names, as the pipeline resolved it (organizationRef). */
function orgOf(request: FastifyRequest, _ctx: RouteContext): string {
  return resolvedParam(request, 'id', organizationRef);
}

/** Organization quota and governance: read by admins, changed by owners, every change audited. */
export function orgRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const base = '/api/v1/organizations/:id';
  // The path's organization (a superuser may name another). Each event's own metadata replaces the
  // actor's: organization events carry no api_key_id (org.test.ts pins their metadata).
  const event = (request: FastifyRequest, orgId: string) => ({ ...actorOf(request), org_id: orgId });

  app.get(
    `${base}/quota`,
    {
      schema: {
        summary: 'Plan limits, overrides and effective quota',
        tags: ['organizations'],
        params: IdParams,
        response: { 200: QuotaSchema },
      },
    },
    async (request) => readQuota(ctx.store, orgOf(request, ctx)),
  );

  app.patch(
    `${base}/quota`,
    {
      schema: {
        summary: 'Set quota overrides (owner)',
        tags: ['organizations'],
        params: IdParams,
        body: QuotaPatch,
        response: { 200: QuotaSchema },
      },
    },
    async (request) => {
      const orgId = orgOf(request, ctx);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const outcome = applyOverrides(ctx.store, principalOf(request), orgId, body, (done) => ({
        ...event(request, orgId),
        event_type: 'quota.override_set',
        status: 'success',
        action: 'quota.update',
        metadata: {
          set: done.set,
          discarded: done.discarded.map((d) => ({ field: d.field, reason: d.reason })),
          overrides: done.quota.overrides,
        },
      }));
      if (!outcome.ok) {
        recordRefusal(ctx.store, {
          ...event(request, orgId),
          event_type: 'quota.override_rejected',
          status: 'failure',
          action: 'quota.update',
          metadata: {
            fields: outcome.errors.map((e) => e.loc[1]),
            reasons: outcome.errors.map((e) => e.msg),
          },
        });
        throw new ApiError(422, outcome.errors);
      }
      return { ...outcome.quota, discarded: outcome.discarded };
    },
  );

  app.get(
    `${base}/governance`,
    {
      schema: {
        summary: 'Governance settings',
        tags: ['organizations'],
        params: IdParams,
        response: { 200: GovernanceSchema },
      },
    },
    async (request) => readGovernance(ctx.store, orgOf(request, ctx)),
  );

  app.patch(
    `${base}/governance`,
    {
      schema: {
        summary: 'Change governance settings (owner)',
        tags: ['organizations'],
        params: IdParams,
        body: GovernancePatch,
        response: { 200: GovernanceSchema },
      },
    },
    async (request) => {
      const orgId = orgOf(request, ctx);
      const patch = (request.body ?? {}) as GovernanceUpdate;
      const { governance } = updateGovernance(
        ctx.store,
        principalOf(request),
        orgId,
        patch,
        ({ before, after }) => ({
          ...event(request, orgId),
          event_type: 'governance.settings_changed',
          status: 'success',
          action: 'governance.update',
          metadata: { changed: Object.keys(after), before, after },
        }),
      );
      return governance;
    },
  );
}
