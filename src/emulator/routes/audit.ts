import type { FastifyInstance } from 'fastify';
import { EventsPageSchema, EventsQuery } from '../../lib/api/audit.js';
import { type AuditQuery, pageJson, queryAuditEvents } from '../audit-query.js';
import { principalOf } from '../pipeline.js';
import type { RouteContext } from '../types.js';

/** Audit routes: the organization's events, filtered, in keyset pages. */
export function auditRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get(
    '/api/v1/audit/events',
    {
      schema: {
        summary: "The organization's audit events, newest first unless order=asc",
        tags: ['audit'],
        querystring: EventsQuery,
        response: { 200: EventsPageSchema },
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
