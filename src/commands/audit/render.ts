import { pushAll } from '../../lib/arrays.js';
import { AUDIT_EVENT_TYPES } from '../../lib/audit-event-types.js';
import { JsonWriter } from '../../lib/display/json.js';
import { note } from '../../lib/display/messages.js';
import { plural } from '../../lib/display/plural.js';
import { type Column, printRows, StreamingTable } from '../../lib/display/table.js';
import { absoluteTime, formatTime } from '../../lib/display/time.js';
import type { AuditEvent } from '../../lib/export/writers.js';
import type { IO } from '../../lib/io.js';
import { MAX_PAGE } from './limits.js';
import { eventTarget } from './target.js';

/** How `audit logs` prints: aligned table / TSV, a JSON array, or one JSON object a line. */
export type LogsFormat = 'table' | 'json' | 'ndjson';

/** `1.5s`, `120ms`, `2m 05s`; `-` when unknown. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '-';
  if (ms < 1000) return `${ms}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

const STATUS_STYLE = { success: 'green', failure: 'red', denied: 'yellow' } as const;

/** The longest event type a server records (`governance.settings_changed`). */
const EVENT_WIDTH = AUDIT_EVENT_TYPES.reduce((w, type) => Math.max(w, type.length), 0);

/** Rows a TTY table waits for before it streams with the widths they give (one full page). */
export const STREAM_AFTER = MAX_PAGE;

/**
 * The columns of the TTY table: relative times, or absolute ones while following (a relative time
 * goes stale in scrollback); TARGET is what the event acted on, the workflow included. Piped, the
 * TSV keeps its seven columns in their places and adds the target as an eighth.
 */
export function eventColumns(io: IO, now: Date, absolute = false): Column<AuditEvent>[] {
  const time: Column<AuditEvent> = absolute
    ? { header: 'time', value: (e) => absoluteTime(e.timestamp), width: 20 }
    : { header: 'time', value: (e) => formatTime(io, e.timestamp, now), width: 14 };
  const status: Column<AuditEvent> = {
    header: 'status',
    value: (e) => e.status,
    // hasOwn: a status such as `constructor` from a hostile server is not a style.
    style: (e) =>
      Object.hasOwn(STATUS_STYLE, e.status) ? STATUS_STYLE[e.status as keyof typeof STATUS_STYLE] : undefined,
    width: 7,
  };
  // A streamed table is as wide as the longest known type (a later event's type is never cut); the
  // terminal's spare columns go to TARGET and USER.
  const event: Column<AuditEvent> = { header: 'event', value: (e) => e.event_type, width: EVENT_WIDTH };
  const user: Column<AuditEvent> = {
    header: 'user',
    value: (e) => e.user_id ?? '-',
    shrink: true,
    width: 10,
  };
  const target: Column<AuditEvent> = { header: 'target', value: eventTarget, shrink: true, width: 24 };
  const duration: Column<AuditEvent> = {
    header: 'duration',
    value: (e) => formatDuration(e.duration_ms),
    drop: 2,
  };
  const ip: Column<AuditEvent> = { header: 'ip', value: (e) => e.ip_address ?? '-', width: 15, drop: 1 };
  if (!io.stdoutIsTTY) {
    const workflow: Column<AuditEvent> = { header: 'workflow', value: (e) => e.workflow_id ?? '-' };
    return [time, event, workflow, user, status, duration, ip, target];
  }
  return [time, event, target, user, status, duration, ip];
}

/**
 * How a list of events is printed as it arrives: a JSON array or one object a line (both written
 * page by page), a TSV row per event when piped, or the TTY table. The table waits for the rows to
 * align them on the widest cell; past one full page it stops waiting (a history of any length must
 * print, its first screen at once, in flat memory) and streams with the widths of that page, saying so.
 */
export class EventPrinter {
  private readonly json: JsonWriter | undefined;
  private buffered: AuditEvent[] = [];
  private streaming: StreamingTable<AuditEvent> | undefined;

  constructor(
    private readonly io: IO,
    format: LogsFormat,
    private readonly now: Date,
  ) {
    if (format !== 'table') this.json = new JsonWriter(io, format === 'json' ? 'array' : 'lines');
  }

  add(events: readonly AuditEvent[]): void {
    if (this.json) this.json.add(events);
    else if (!this.io.stdoutIsTTY) printRows(this.io, eventColumns(this.io, this.now), events);
    else if (this.streaming) this.streaming.rows(events);
    else if (this.buffered.length >= STREAM_AFTER) {
      const sample = this.buffered;
      this.buffered = [];
      note(
        this.io,
        `Long result: columns sized from the first ${plural(sample.length, 'event')}; a longer cell is cut with …`,
        'gray',
      );
      this.streaming = new StreamingTable(this.io, eventColumns(this.io, this.now), sample);
      this.streaming.header();
      this.streaming.rows(sample);
      this.streaming.rows(events);
    } else pushAll(this.buffered, events);
  }

  end(): void {
    if (this.json) this.json.end();
    else if (this.io.stdoutIsTTY && !this.streaming && this.buffered.length > 0) {
      printRows(this.io, eventColumns(this.io, this.now), this.buffered);
    }
  }
}

/** What --follow prints with: each batch of events as it comes, the first one sizing the table. */
export interface FollowPrinter {
  print(events: readonly AuditEvent[]): void;
  /** Before waiting for new events: the TTY table's header, if no history printed it. */
  ready(): void;
}

/**
 * Events while following: a TTY table with absolute times whose widths come from the first batch
 * (the history) and each column's width, fitted to the terminal; TSV (piped); or one JSON object
 * a line (--json and --format ndjson alike: an array would never be closed).
 */
export function followPrinter(io: IO, format: LogsFormat, now: Date): FollowPrinter {
  if (format !== 'table') {
    const json = new JsonWriter(io, 'lines');
    return { print: (events) => json.add(events), ready: () => {} };
  }
  let table: StreamingTable<AuditEvent> | undefined;
  const start = (sample: readonly AuditEvent[]) => {
    table = new StreamingTable(io, eventColumns(io, now, true), sample);
    table.header();
    return table;
  };
  return {
    print: (events) => (table ?? start(events)).rows(events),
    ready: () => {
      table ??= start([]);
    },
  };
}
