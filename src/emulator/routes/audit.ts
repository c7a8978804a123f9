import type { FastifyInstance } from 'fastify';
import { parseResource, type Resource } from '../../lib/access-policy/resource.js';
import { workflowMatcher } from '../../lib/access-policy/workflow-glob.js';
import { EventsPageSchema, EventsQuery } from '../../lib/api/audit.js';
import { READ_ALL, readableBy } from '../access/steps.js';
import {
  type AuditQuery,
  type EventVisibility,
  pageJson,
  queryAuditEvents,
  type VisibilityRow,
} from '../audit-query.js';
import { principalOf } from '../pipeline.js';
import { unrestrictedPatterns } from '../policy.js';
import type { Principal, RouteContext } from '../types.js';

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
      // The audit log is the third list of workflows and secrets: it leaves out the events of those
      // the caller may not see, as GET /workflows and GET /secrets do: for a key limited by workflow
      // patterns, every event not tied to a workflow they match; and what the resource rules keep
      // from its role. Left out by the query itself, so a
      // page holds `limit` visible events and its cursor and an export's count stay right.
      const page = queryAuditEvents(ctx.store, p.orgId, request.query as AuditQuery, visibilityFor(ctx, p));
      // A prebuilt JSON string is sent as-is (the response schema documents it; see pageJson).
      return reply.type('application/json; charset=utf-8').send(pageJson(page));
    },
  );
}

/** Which events the caller may see; undefined when its key and role may see them all. */
function visibilityFor(ctx: RouteContext, p: Principal): EventVisibility | undefined {
  const readable = readableBy(ctx, p);
  const everyWorkflow = unrestrictedPatterns(p.workflows);
  if (readable === READ_ALL && everyWorkflow) return undefined;
  const inPatterns = everyWorkflow ? undefined : workflowMatcher(p.workflows);
  return (row) => eventReadable(row, readable, inPatterns);
}

/**
 * Whether an event names only workflows (in the key's patterns) and secrets the caller may read. A
 * key limited by patterns sees only the events tied to a workflow they match: an event tied to none
 * (a key's creation, a secret set, a role change) tells of the organization beyond them, so it fails
 * closed.
 */
function eventReadable(
  row: VisibilityRow,
  readable: (r: Resource) => boolean,
  inPatterns: ((name: string) => boolean) | undefined,
): boolean {
  if (inPatterns && !(row.workflow_id && inPatterns(row.workflow_id))) return false;
  if (row.workflow_id && !readable({ kind: 'workflows', name: row.workflow_id })) return false;
  // A denial of access to a secret names it (metadata.resource, and its reason): hidden by the
  // same rule as the secret's own events, or the log would list what GET /secrets leaves out.
  if (row.event_type === 'access.denied' && row.metadata.includes('"secrets/')) {
    const m = JSON.parse(row.metadata) as { resource?: unknown };
    const resource = typeof m.resource === 'string' ? parseResource(m.resource) : undefined;
    if (resource && !('error' in resource) && !readable(resource)) return false;
  }
  if (row.event_type.startsWith('secret.') && row.metadata.includes('"name"')) {
    const m = JSON.parse(row.metadata) as { name?: unknown; environment?: unknown };
    if (typeof m.name === 'string') {
      const environment = typeof m.environment === 'string' ? m.environment : null;
      if (!readable({ kind: 'secrets', environment, name: m.name })) return false;
    }
  }
  return true;
}
