/**
 * The query behind `GET /api/v1/audit/events`: filters, order and a keyset cursor on
 * (timestamp, id). A keyset cursor names the last row returned rather than an offset, so rows
 * inserted meanwhile neither repeat nor hide others, and a page costs the same at row 10 or 10
 * million (migration 2's (org_id, [user_id | workflow_id,] timestamp, id) indexes serve the range and
 * the order; status and event type are filtered along the way).
 */
import {
  type AuditEvent,
  EVENTS_PAGE_DEFAULT as DEFAULT_LIMIT,
  type EventsQueryParams,
  EVENTS_PAGE_MAX as MAX_LIMIT,
} from '../lib/api/audit.js';
import { ApiError } from './errors.js';
import type { Store } from './store.js';

/** Query parameters as validated by the route schema (lib/api/audit.ts's EventsQuery). */
export type AuditQuery = EventsQueryParams;

interface CursorPosition {
  t: string;
  i: string;
  o: 'asc' | 'desc';
}

/** An opaque cursor: base64url of the last row's (timestamp, id) and the order it was read in. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

function decodeCursor(cursor: string, order: 'asc' | 'desc'): CursorPosition {
  let parsed: Partial<CursorPosition> | undefined;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorPosition>;
  } catch {
    parsed = undefined;
  }
  if (!parsed || typeof parsed.t !== 'string' || typeof parsed.i !== 'string' || parsed.o === undefined) {
    throw new ApiError(400, 'invalid cursor');
  }
  if (parsed.o !== order) throw new ApiError(400, `this cursor belongs to order=${parsed.o}`);
  return parsed as CursorPosition;
}

/** Stored timestamps carry milliseconds and `Z`; bring a parameter to that form so text compares as time. */
function storedTime(value: string, name: string): string {
  const t = Date.parse(value);
  if (Number.isNaN(t))
    throw new ApiError(422, [{ loc: ['query', name], msg: 'invalid datetime', type: 'datetime_parsing' }]);
  return new Date(t).toISOString();
}

/** One page: rows as stored (metadata still JSON text) and the cursor for the next page. */
export interface AuditPage {
  rows: AuditRowOut[];
  nextCursor: string | null;
}

/** The columns a page selects, in docs/api.md's AuditEvent order; metadata is still the stored JSON text. */
export type AuditRowOut = Omit<AuditEvent, 'metadata'> & { metadata: string };

/** The columns an event's visibility is judged on (metadata is the stored JSON text). */
export type VisibilityRow = Pick<AuditRowOut, 'workflow_id' | 'event_type' | 'metadata'>;

/** Whether the caller may see an event; undefined when every event is visible. */
export type EventVisibility = (row: VisibilityRow) => boolean;

// The visibility test runs inside the query, as an SQL function, so that LIMIT counts only the
// events the caller may see: a page is full, its cursor names its last visible event, and an
// export's count is the number of events it wrote. Queries are synchronous, so the one function
// per database reads the test of the query being run.
const VISIBLE_FN = 'fib_event_visible';
let runningVisibility: EventVisibility | undefined;
const withVisibilityFn = new WeakSet<object>();

function registerVisibility(store: Store): void {
  if (withVisibilityFn.has(store.db)) return;
  store.db.function(VISIBLE_FN, { varargs: false }, (workflow_id, event_type, metadata) => {
    const test = runningVisibility;
    if (!test) throw new Error(`${VISIBLE_FN} called outside queryAuditEvents`);
    return test({
      workflow_id: workflow_id as string | null,
      event_type: event_type as string,
      metadata: metadata as string,
    })
      ? 1
      : 0;
  });
  withVisibilityFn.add(store.db);
}

/**
 * Run one page of the query for an organization. `visible`, when given, leaves out the events the
 * caller may not see (about workflows outside its key's patterns, or that resource rules hide)
 * in the query itself.
 */
export function queryAuditEvents(
  store: Store,
  orgId: string,
  q: AuditQuery,
  visible?: EventVisibility,
): AuditPage {
  const order = q.order ?? 'desc';
  const limit = Math.min(Math.max(q.limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT);
  const where = ['org_id = @org'];
  const params: Record<string, unknown> = { org: orgId, limit: limit + 1 };
  if (q.since !== undefined) {
    where.push('timestamp >= @since');
    params.since = storedTime(q.since, 'since');
  }
  if (q.until !== undefined) {
    where.push('timestamp <= @until');
    params.until = storedTime(q.until, 'until');
  }
  if (q.workflow_id !== undefined) {
    where.push('workflow_id = @workflow');
    params.workflow = q.workflow_id;
  }
  if (q.user_id !== undefined) {
    where.push('user_id = @user');
    params.user = q.user_id;
  }
  if (q.status !== undefined) {
    where.push('status = @status');
    params.status = q.status;
  }
  const types = [...new Set(q.event_type ?? [])];
  if (types.length > 0) {
    where.push(`event_type IN (${types.map((_, i) => `@type${i}`).join(', ')})`);
    types.forEach((t, i) => {
      params[`type${i}`] = t;
    });
  }
  if (q.cursor !== undefined) {
    const at = decodeCursor(q.cursor, order);
    where.push(`(timestamp, id) ${order === 'asc' ? '>' : '<'} (@ct, @ci)`);
    params.ct = at.t;
    params.ci = at.i;
  }
  if (visible) {
    registerVisibility(store);
    where.push(`${VISIBLE_FN}(workflow_id, event_type, metadata) = 1`);
  }
  const dir = order === 'asc' ? 'ASC' : 'DESC';
  const sql = `SELECT id, timestamp, event_type, workflow_id, user_id, ip_address, action, status, duration_ms, metadata
    FROM audit_events
    WHERE ${where.join(' AND ')} ORDER BY timestamp ${dir}, id ${dir} LIMIT @limit`;
  // The store keeps one prepared statement per SQL shape (which filters are present).
  runningVisibility = visible;
  let rows: AuditRowOut[];
  try {
    rows = store.prepare(sql).all(params) as AuditRowOut[];
  } finally {
    runningVisibility = undefined;
  }
  // One extra row tells whether another page exists without a second query.
  const more = rows.length > limit;
  if (more) rows.pop();
  const last = rows.at(-1);
  return {
    rows,
    nextCursor: more && last ? encodeCursor({ t: last.timestamp, i: last.id, o: order }) : null,
  };
}

/**
 * Serialise a page as the response body. The stored metadata is already JSON text we wrote, so it
 * is spliced in as-is instead of being parsed and stringified again (a 1000-event page is the hot path
 * of every export).
 */
export function pageJson(page: AuditPage): string {
  const parts = page.rows.map((r) => {
    const { metadata, ...fields } = r;
    return `${JSON.stringify(fields).slice(0, -1)},"metadata":${metadata || '{}'}}`;
  });
  return `{"events":[${parts.join(',')}],"next_cursor":${JSON.stringify(page.nextCursor)}}`;
}
