import type { FastifyInstance } from 'fastify';
import type { Resource } from '../../lib/access-policy/resource.js';
import { EventsPageSchema, EventsQuery } from '../../lib/api/audit.js';
import { READ_ALL, readableBy } from '../access/steps.js';
import { type AuditQuery, type AuditRowOut, pageJson, queryAuditEvents } from '../audit-query.js';
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
      // The audit log is the third list of workflows and secrets: it leaves out the events of those
      // the caller may not read, as GET /workflows and GET /secrets do (a page may then hold fewer
      // than `limit`; its cursor still walks the whole log).
      const readable = readableBy(ctx, p);
      if (readable !== READ_ALL) page.rows = page.rows.filter((row) => eventReadable(row, readable));
      // A prebuilt JSON string is sent as-is (the response schema documents it; see pageJson).
      return reply.type('application/json; charset=utf-8').send(pageJson(page));
    },
  );
}

/** Whether an event names only workflows and secrets the caller may read. */
function eventReadable(row: AuditRowOut, readable: (r: Resource) => boolean): boolean {
  if (row.workflow_id && !readable({ kind: 'workflows', name: row.workflow_id })) return false;
  if (row.event_type.startsWith('secret.') && row.metadata.includes('"name"')) {
    const m = JSON.parse(row.metadata) as { name?: unknown; environment?: unknown };
    if (typeof m.name === 'string') {
      const environment = typeof m.environment === 'string' ? m.environment : null;
      if (!readable({ kind: 'secrets', environment, name: m.name })) return false;
    }
  }
  return true;
}
