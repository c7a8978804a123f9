import { JsonWriter } from '../../lib/display/json.js';
import { type Column, printRows, StreamingTable } from '../../lib/display/table.js';
import { formatTime } from '../../lib/display/time.js';
import type { AuditEvent } from '../../lib/export/writers.js';
import type { IO } from '../../lib/io.js';

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

/** The columns of the table (TTY, relative times) and of the TSV (piped, RFC 3339 times). */
export function eventColumns(io: IO, now: Date): Column<AuditEvent>[] {
  return [
    { header: 'time', value: (e) => formatTime(io, e.timestamp, now) },
    { header: 'event', value: (e) => e.event_type },
    { header: 'workflow', value: (e) => e.workflow_id ?? '-' },
    { header: 'user', value: (e) => e.user_id ?? '-' },
    {
      header: 'status',
      value: (e) => e.status,
      // hasOwn: a status such as `constructor` from a hostile server is not a style.
      style: (e) =>
        Object.hasOwn(STATUS_STYLE, e.status)
          ? STATUS_STYLE[e.status as keyof typeof STATUS_STYLE]
          : undefined,
    },
    { header: 'duration', value: (e) => formatDuration(e.duration_ms) },
    { header: 'ip', value: (e) => e.ip_address ?? '-' },
  ];
}

/**
 * How a list of events is printed as it arrives: a JSON array or one object a line (both written
 * page by page), a TSV row per event when piped, or the TTY table, which waits for every row (it
 * needs them all for its widths).
 */
export class EventPrinter {
  private readonly json: JsonWriter | undefined;
  private readonly buffered: AuditEvent[] = [];

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
    else this.buffered.push(...events);
  }

  end(): void {
    if (this.json) this.json.end();
    else if (this.io.stdoutIsTTY) printRows(this.io, eventColumns(this.io, this.now), this.buffered);
  }
}

// Fixed widths for --follow on a terminal: rows arrive one batch at a time, so they cannot be
// aligned on the widest cell the way a finished table is.
const FOLLOW_WIDTHS = [14, 26, 24, 14, 8, 9];

/** What --follow prints with: the header (TTY table only), then each batch of new events. */
export interface FollowPrinter {
  header(): void;
  print(events: readonly AuditEvent[]): void;
}

/**
 * New events while following: table rows with fixed widths (TTY), TSV (piped), or one JSON object a
 * line (--json and --format ndjson alike: an array would never be closed). Relative times are
 * taken against the clock at each batch.
 */
export function followPrinter(io: IO, format: LogsFormat, clock: () => Date): FollowPrinter {
  if (format !== 'table') {
    const json = new JsonWriter(io, 'lines');
    return { header: () => {}, print: (events) => json.add(events) };
  }
  const table = () => new StreamingTable(io, eventColumns(io, clock()), FOLLOW_WIDTHS);
  return { header: () => table().header(), print: (events) => table().rows(events) };
}
