import type { AuditEvent } from '../../lib/export/writers.js';
import type { IO } from '../../lib/io.js';
import { type Column, formatTime, printRows } from '../../lib/output.js';

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
      color: (e, text, io) => {
        const style = STATUS_STYLE[e.status as keyof typeof STATUS_STYLE];
        return style ? io.style(style, text) : text;
      },
    },
    { header: 'duration', value: (e) => formatDuration(e.duration_ms) },
    { header: 'ip', value: (e) => e.ip_address ?? '-' },
  ];
}

/**
 * Print events as one JSON object a line, or as a table / TSV (a whole list: the table needs every
 * row for its widths). A JSON array spans pages, so ListPrinter in logs.ts writes that itself.
 */
export function printEvents(
  io: IO,
  format: Exclude<LogsFormat, 'json'>,
  events: readonly AuditEvent[],
  now: Date,
): void {
  if (format === 'ndjson') {
    for (const e of events) io.out(`${JSON.stringify(e)}\n`);
    return;
  }
  printRows(io, eventColumns(io, now), events);
}

// Fixed widths for --follow on a terminal: rows arrive one batch at a time, so they cannot be
// aligned on the widest cell the way a finished table is.
const FOLLOW_WIDTHS = [14, 26, 24, 14, 8, 9];

/** The header line for --follow on a TTY. */
export function followHeader(io: IO): string {
  const names = ['TIME', 'EVENT', 'WORKFLOW', 'USER', 'STATUS', 'DURATION', 'IP'];
  return `${names
    .map((n, i) => io.style('bold', n.padEnd(FOLLOW_WIDTHS[i] ?? 0)))
    .join('  ')
    .trimEnd()}\n`;
}

/** New events while following: table rows (TTY), TSV (piped) or one JSON object a line. */
export function printFollowed(io: IO, format: LogsFormat, events: readonly AuditEvent[], now: Date): void {
  // --json while following prints one object a line, as ndjson does.
  if (format !== 'table' || !io.stdoutIsTTY) {
    printEvents(io, format === 'table' ? 'table' : 'ndjson', events, now);
    return;
  }
  const columns = eventColumns(io, now);
  for (const e of events) {
    const cells = columns.map((c, i) => {
      const text = c.value(e);
      const padded = i < FOLLOW_WIDTHS.length ? text.padEnd(FOLLOW_WIDTHS[i] ?? 0) : text;
      return c.color ? c.color(e, padded, io) : padded;
    });
    io.out(`${cells.join('  ').trimEnd()}\n`);
  }
}
