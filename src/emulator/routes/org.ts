import type { FastifyInstance, FastifyRequest } from 'fastify';
import { recordEvent } from '../audit.js';
import { ApiError } from '../errors.js';
import { governancePatchSchema, governanceSchema, readGovernance, updateGovernance } from '../governance.js';
import { actorOf, principalOf } from '../pipeline.js';
import { applyOverrides, QUOTA_KEYS, readQuota } from '../quota.js';
import { organizationRef, resolvedParam } from '../resolution.js';
import type { RouteContext } from '../types.js';
import { idParams } from './schemas.js';

const limitsSchema = {
  type: 'object',
  properties: Object.fromEntries(QUOTA_KEYS.map((k) => [k, { type: 'integer', minimum: 0 }])),
} as const;

const quotaSchema = {
  type: 'object',
  properties: {
    plan: { type: 'string' },
    limits: limitsSchema,
    overrides: limitsSchema,
    effective: limitsSchema,
    discarded: {
      type: 'array',
      description: 'PATCH only: overrides ignored (negative or non-numeric); the plan default applies',
      items: {
        type: 'object',
        properties: { field: { type: 'string' }, value: {}, reason: { type: 'string' } },
      },
    },
  },
  required: ['plan', 'limits', 'overrides', 'effective'],
} as const;

// Any JSON value is accepted per field so that negative or non-numeric ones can be discarded (as the
// platform does) rather than refused; unknown fields are still a 422.
const quotaPatchSchema = {
  type: 'object',
  properties: Object.fromEntries(
    QUOTA_KEYS.map((k) => [k, { description: 'a whole number ≥ 0, at most 100× the plan default' }]),
  ),
  additionalProperties: false,
} as const;

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
        params: idParams,
        response: { 200: quotaSchema },
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
        params: idParams,
        body: quotaPatchSchema,
        response: { 200: quotaSchema },
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
        recordEvent(ctx.store, {
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
        params: idParams,
        response: { 200: governanceSchema },
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
        params: idParams,
        body: governancePatchSchema,
        response: { 200: governanceSchema },
      },
    },
    async (request) => {
      const orgId = orgOf(request, ctx);
      const patch = (request.body ?? {}) as Parameters<typeof updateGovernance>[3];
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
