/**
 * Audit events (docs/api.md, docs/audit.md): filters in, keyset-cursor pages out. `audit logs`, its
 * `--follow` and `audit export` read through these; src/emulator/routes/audit.ts serves the shapes.
 */
import type { Static } from '@sinclair/typebox';
import { type TypeCheck, TypeCompiler } from '@sinclair/typebox/compiler';
import { CliError } from '../errors.js';
import type { ExportFilters } from '../export/checkpoint.js';
import { checked } from './check.js';
import { type ItemList, type Page, type Peek, paginate } from './paginate.js';
import { Dictionary, NullableString, StringEnum, Timestamp, Type } from './shapes.js';
import type { ApiClient, QueryValue } from './types.js';

/** Events per page: the server's default, and the most it serves. */
export const EVENTS_PAGE_DEFAULT = 100;
export const EVENTS_PAGE_MAX = 1000;

const Status = Type.String({ description: '`success`, `failure` or `denied`' });

/** One event: secret values, keys and request bodies never appear in one. */
export const AuditEventSchema = Type.Object({
  id: Type.String(),
  timestamp: Timestamp,
  event_type: Type.String(),
  workflow_id: NullableString,
  user_id: NullableString,
  ip_address: NullableString,
  action: NullableString,
  status: Status,
  duration_ms: Type.Union([Type.Integer(), Type.Null()]),
  metadata: Dictionary(Type.Unknown()),
});

export const EventsPageSchema = Type.Object({
  events: Type.Array(AuditEventSchema),
  next_cursor: Type.Union([Type.String(), Type.Null()], { description: 'null on the last page' }),
});

/** The filters, order and cursor the server accepts. */
export const EventsQuery = Type.Object({
  since: Type.Optional(Timestamp),
  until: Type.Optional(Timestamp),
  workflow_id: Type.Optional(Type.String({ minLength: 1 })),
  user_id: Type.Optional(Type.String({ minLength: 1 })),
  // Repeatable: `?event_type=a&event_type=b` ORs within itself.
  event_type: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { maxItems: 50 })),
  status: Type.Optional(StringEnum(['success', 'failure', 'denied'])),
  order: Type.Optional(StringEnum(['asc', 'desc'], { default: 'desc' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: EVENTS_PAGE_MAX, default: EVENTS_PAGE_DEFAULT })),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
});

export type AuditEvent = Static<typeof AuditEventSchema>;
export type EventsQueryParams = Static<typeof EventsQuery>;
export type Order = NonNullable<EventsQueryParams['order']>;

export const EVENTS_PATH = '/api/v1/audit/events';

/** The query string of a set of filters (absent ones omitted), in one order. */
export function eventsQuery(f: ExportFilters, order: Order): Record<string, QueryValue> {
  const query: Record<string, QueryValue> = {
    since: f.since,
    until: f.until,
    workflow_id: f.workflow_id,
    user_id: f.user_id,
    event_type: f.event_type.length > 0 ? f.event_type : null,
    status: f.status,
    order,
  };
  for (const [k, v] of Object.entries(query)) if (v === null) delete query[k];
  return query;
}

export interface EventPagesOptions {
  order: Order;
  /** Events per page (`limit`); the server's default when omitted. */
  pageSize?: number | undefined;
  /** Resume from this cursor instead of the first page. */
  startCursor?: string | null;
  signal?: AbortSignal;
}

/** What the filters ask of every event, or null when none is set (then nothing is checked). */
interface EventFilter {
  since: number | null;
  until: number | null;
  /** Fields that must equal one of the values asked for, with the flag that asked. */
  equal: Array<{ field: string; flag: string; values: readonly string[]; texts: readonly string[] }>;
}

function eventFilter(f: ExportFilters): EventFilter | null {
  const equal: EventFilter['equal'] = [];
  const add = (field: string, flag: string, values: readonly string[]) => {
    if (values.length > 0) equal.push({ field, flag, values, texts: values.map((v) => JSON.stringify(v)) });
  };
  add('event_type', '--event-type', f.event_type);
  add('workflow_id', '--workflow', f.workflow_id === null ? [] : [f.workflow_id]);
  add('user_id', '--user', f.user_id === null ? [] : [f.user_id]);
  add('status', '--status', f.status === null ? [] : [f.status]);
  const since = f.since === null ? null : Date.parse(f.since);
  const until = f.until === null ? null : Date.parse(f.until);
  return since === null && until === null && equal.length === 0 ? null : { since, until, equal };
}

/**
 * The first filter an event is outside of, as `timestamp: before --since`, or undefined. The
 * server filters, but a hostile or broken one could send events that were not asked for: `audit
 * logs` would print them and `audit export` write them as if they matched. `value` gives a field's
 * JSON text (the export's bytes, no parse) or, with `parsed`, its value.
 */
function outsideFilter(
  filter: EventFilter,
  value: (field: string) => unknown,
  parsed: boolean,
): string | undefined {
  const read = (field: string): unknown => {
    const v = value(field);
    if (parsed || typeof v !== 'string') return v;
    // A string's JSON text with no escape is its value between the quotes.
    return v.charCodeAt(0) === 0x22 && !v.includes('\\') ? v.slice(1, -1) : JSON.parse(v);
  };
  for (const { field, flag, values, texts } of filter.equal) {
    const v = value(field);
    if (parsed ? values.includes(v as string) : texts.includes(v as string)) continue;
    // Raw text equal to no value's JSON may still be one written with an escape.
    if (!parsed && typeof v === 'string' && v.includes('\\') && values.includes(read(field) as string))
      continue;
    return `${field}: not the ${flag} asked for`;
  }
  if (filter.since !== null || filter.until !== null) {
    const t = read('timestamp');
    const ms = typeof t === 'string' ? Date.parse(t) : Number.NaN;
    if (Number.isNaN(ms)) return 'timestamp: not a time, so not within --since/--until';
    if (filter.since !== null && ms < filter.since) return 'timestamp: before --since';
    if (filter.until !== null && ms > filter.until) return 'timestamp: after --until';
  }
  return undefined;
}

function outsideError(at: string, why: string, requestId: string | undefined): CliError {
  return new CliError(
    'unexpected',
    `the server's answer to GET ${EVENTS_PATH} is not what the API promises: ${at}/${why}`,
    {
      requestId,
      hint: 'check that --api-url (FIBONACCI_BASE_URL) is a Fibonacci API; if it is, report this with the request id',
    },
  );
}

/** The matching events, one checked page at a time, until `next_cursor` is null. */
export function eventPages(
  client: ApiClient,
  filters: ExportFilters,
  o: EventPagesOptions,
): AsyncGenerator<Page<AuditEvent>> {
  const filter = eventFilter(filters);
  return paginate<AuditEvent>(client, EVENTS_PATH, {
    ...pageOptions(filters, o),
    check: (data, requestId) => {
      const page = checked(EventsPageSchema, data, `GET ${EVENTS_PATH}`, requestId);
      if (filter !== null) {
        for (const [i, event] of page.events.entries()) {
          const fields = event as Record<string, unknown>;
          const why = outsideFilter(filter, (f) => fields[f], true);
          if (why !== undefined) throw outsideError(`/events/${i}`, why, requestId);
        }
      }
      return page;
    },
  });
}

/** AuditEventSchema compiled, at the export's first page: a check of every event it writes. */
let compiledEvent: TypeCheck<typeof AuditEventSchema> | undefined;

/** A page's events as the export's decoder makes them; matchesSchema only on sliced ones. */
type EventTextList = ItemList<unknown> & {
  matchesSchema?: (i: number) => boolean;
  valueText?: (i: number, name: string) => string | undefined;
};

/**
 * Each event's JSON text (a Buffer) against the schema `audit logs` holds events to, with the same
 * error (`/events/3/duration_ms: …`): an export writes only what logs would show. An event the
 * split's walk already found to match, byte by byte, is not parsed again (lib/export/event-shape.ts:
 * it only ever says yes, and what it cannot vouch for is parsed and checked here). A parsed body
 * cannot claim that: JSON has no functions.
 */
function checkEventTexts(page: unknown, requestId: string | undefined, filter: EventFilter | null): void {
  const events = (page as { events?: unknown } | null)?.events as EventTextList | undefined;
  if (!events || typeof events.at !== 'function') return;
  const known = typeof events.matchesSchema === 'function' ? events : null;
  for (let i = 0; i < events.length; i++) {
    if (known?.matchesSchema?.(i)) {
      // Vouched for: its fields are read from the bytes the split walked, not parsed.
      const why = filter === null ? undefined : outsideFilter(filter, (f) => known.valueText?.(i, f), false);
      if (why !== undefined) throw outsideError(`/events/${i}`, why, requestId);
      continue;
    }
    compiledEvent ??= TypeCompiler.Compile(AuditEventSchema);
    const event = parsed(events.at(i));
    if (!compiledEvent.Check(event))
      checked(AuditEventSchema, event, `GET ${EVENTS_PATH}`, requestId, { at: `/events/${i}` });
    if (filter === null) continue;
    const fields = event as Record<string, unknown>;
    const why = outsideFilter(filter, (f) => fields[f], true);
    if (why !== undefined) throw outsideError(`/events/${i}`, why, requestId);
  }
}

function parsed(text: unknown): unknown {
  if (!Buffer.isBuffer(text)) return text;
  try {
    return JSON.parse(text.toString('utf8'));
  } catch {
    throw new CliError('unexpected', 'the server sent a page of audit events that is not JSON');
  }
}

/**
 * The same pages with each body left as bytes for `decode` to split (the export's fast path,
 * lib/export/raw-page.ts): events are copied to a file byte for byte, but each is parsed once
 * and checked against the schema, as `audit logs` checks it, before its page is written.
 * The export reads every page, so each next one is asked for before this one is decoded (`peek`
 * reads its cursor from the body's end): the server builds it while the CLI splits and writes.
 */
export function rawEventPages<T, Items extends ItemList<T> = T[]>(
  client: ApiClient,
  filters: ExportFilters,
  o: EventPagesOptions & { decode: (data: unknown) => unknown; peek?: (data: unknown) => Peek | undefined },
): AsyncGenerator<Page<T, Items>> {
  const filter = eventFilter(filters);
  return paginate<T, Items>(client, EVENTS_PATH, {
    ...pageOptions(filters, o),
    rawBody: true,
    decode: o.decode,
    check: (page, requestId) => checkEventTexts(page, requestId, filter),
    readAhead: true,
    ...(o.peek ? { peek: o.peek } : {}),
  });
}

function pageOptions(filters: ExportFilters, o: EventPagesOptions) {
  return {
    query: eventsQuery(filters, o.order),
    itemsKey: 'events',
    ...(o.pageSize === undefined ? {} : { pageSize: o.pageSize }),
    ...(o.startCursor === undefined ? {} : { startCursor: o.startCursor }),
    ...(o.signal === undefined ? {} : { signal: o.signal }),
  };
}
