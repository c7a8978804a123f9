import { formatDistanceStrict } from 'date-fns';
import { escapeUnprintable } from './errors.js';
import type { IO } from './io.js';

/** One column of a list: its header and how to render a row's cell (plain text, no colour). */
export interface Column<T> {
  header: string;
  value: (row: T) => string;
  /** Optional colour for the TTY table only. */
  color?: (row: T, text: string, io: IO) => string;
}

/** Print JSON on stdout (pretty, with a trailing newline). */
export function printJson(io: IO, data: unknown): void {
  io.out(`${JSON.stringify(data, null, 2)}\n`);
}

/**
 * Tabs and newlines inside a TSV cell would break the row: replace them with spaces. Other
 * unprintable characters in server-supplied text (a key's name) could rewrite what the terminal
 * shows: print them escaped.
 */
function tsvCell(text: string): string {
  return escapeUnprintable(text.replace(/[\t\r\n]+/g, ' '));
}

/**
 * Print rows the way cli.md says: an aligned table with a header on a TTY,
 * tab-separated with no header and no colour when piped.
 */
export function printRows<T>(io: IO, columns: readonly Column<T>[], rows: readonly T[]): void {
  if (!io.stdoutIsTTY) {
    for (const row of rows) io.out(`${columns.map((c) => tsvCell(c.value(row))).join('\t')}\n`);
    return;
  }
  const cells = rows.map((row) => columns.map((c) => tsvCell(c.value(row))));
  const widths = columns.map((c, i) =>
    Math.max(c.header.length, ...cells.map((r) => [...(r[i] ?? '')].length)),
  );
  const pad = (text: string, i: number) =>
    text + ' '.repeat(Math.max(0, (widths[i] ?? 0) - [...text].length));
  const last = columns.length - 1;
  io.out(
    `${columns
      .map((c, i) => (i === last ? c.header.toUpperCase() : pad(c.header.toUpperCase(), i)))
      .map((h) => io.style('bold', h))
      .join('  ')}\n`,
  );
  rows.forEach((row, r) => {
    const line = columns.map((c, i) => {
      const text = cells[r]?.[i] ?? '';
      const padded = i === last ? text : pad(text, i);
      return c.color ? c.color(row, padded, io) : padded;
    });
    io.out(`${line.join('  ').trimEnd()}\n`);
  });
}

/** RFC 3339 UTC with `Z` and no milliseconds (stable for scripts). */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** "5 minutes ago" / "in 3 days" relative to now (date-fns); "just now" under 5 s. */
export function relativeTime(date: Date, now: Date): string {
  if (Math.abs(date.getTime() - now.getTime()) < 5000) return 'just now';
  return formatDistanceStrict(date, now, { addSuffix: true });
}

/** A timestamp for humans on a TTY (relative) or for scripts when piped (RFC 3339); '-' when absent. */
export function formatTime(io: IO, iso: string | null | undefined, now: Date): string {
  if (!iso) return '-';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return io.stdoutIsTTY ? relativeTime(date, now) : rfc3339(date);
}

/** A success line (`✓ Done`) on stderr, on a TTY only. */
export function success(io: IO, text: string): void {
  if (io.stderrIsTTY) io.err(`${io.style('green', '✓')} ${text}\n`);
}
