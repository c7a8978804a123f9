import type { FastifyInstance } from 'fastify';
import { type AuditQuery, DEFAULT_LIMIT, MAX_LIMIT, pageJson, queryAuditEvents } from '../audit-query.js';
import { principalOf } from '../pipeline.js';
import type { RouteContext } from '../types.js';
import { timestamp } from './schemas.js';

const nullableString = { type: ['string', 'null'] } as const;

/** api.md's AuditEvent. */
export const auditEventSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    timestamp,
    event_type: { type: 'string' },
    workflow_id: nullableString,
    user_id: nullableString,
    ip_address: nullableString,
    action: nullableString,
    status: { type: 'string', enum: ['success', 'failure', 'denied'] },
    duration_ms: { type: ['integer', 'null'] },
    metadata: { type: 'object', additionalProperties: true },
  },
  required: ['id', 'timestamp', 'event_type', 'status', 'metadata'],
} as const;

const querySchema = {
  type: 'object',
  properties: {
    since: { type: 'string', format: 'date-time' },
    until: { type: 'string', format: 'date-time' },
    workflow_id: { type: 'string', minLength: 1 },
    user_id: { type: 'string', minLength: 1 },
    // Repeatable: `?event_type=a&event_type=b` ORs within itself.
    event_type: { type: 'array', items: { type: 'string', minLength: 1 }, maxItems: 50 },
    status: { type: 'string', enum: ['success', 'failure', 'denied'] },
    order: { type: 'string', enum: ['asc', 'desc'], default: 'desc' },
    limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
    cursor: { type: 'string', minLength: 1, maxLength: 1024 },
  },
} as const;

/** Audit routes: the organization's events, filtered, in keyset pages. */
export function auditRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get(
    '/api/v1/audit/events',
    {
      schema: {
        summary: "The organization's audit events, newest first unless order=asc",
        tags: ['audit'],
        querystring: querySchema,
        response: {
          200: {
            type: 'object',
            properties: {
              events: { type: 'array', items: auditEventSchema },
              next_cursor: nullableString,
            },
            required: ['events', 'next_cursor'],
          },
        },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const page = queryAuditEvents(ctx.store, p.orgId, request.query as AuditQuery);
      // A prebuilt JSON string is sent as-is (the response schema documents it; see pageJson).
      return reply.type('application/json; charset=utf-8').send(pageJson(page));
    },
  );
}
