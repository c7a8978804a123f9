import { escapeUnprintable } from '../errors.js';
import type { IO, Style } from '../io.js';
import { codePoints } from './text.js';

/** One column of a list: its header and a row's cell, as plain text from anywhere (printed escaped). */
export interface Column<T> {
  header: string;
  value: (row: T) => string;
  /** A colour for the cell in the TTY table only (the table applies it; colour is never text). */
  style?: (row: T) => Style | undefined;
  /**
   * Free text that gives way when the table is wider than the terminal: cut with `…`, the widest
   * such column first. Ids, times and statuses are never cut (a cut id cannot be copied).
   */
  shrink?: boolean;
  /**
   * The width a streamed table gives the column before its widest cell is known (an RFC 3339 time
   * is 20): the rows it is sized from may all be narrower than those that follow.
   */
  width?: number;
}

/** A shrunk column keeps at least this many code points (or its header, if longer), `…` included. */
const MIN_SHRUNK = 8;
const GAP = 2;

/**
 * A cell made printable: tabs and newlines would break a TSV row (or a table line), so they become
 * spaces; every other unprintable character is escaped, so a cell cannot rewrite the terminal.
 */
export function cell(text: string): string {
  // String(): a hostile server may send a number or an object where docs/api.md promises a string.
  return escapeUnprintable(String(text).replace(/[\t\r\n]+/g, ' '));
}

/** Cut `text` to `width` code points, the last one `…`, when it is longer. */
export function truncate(text: string, width: number): string {
  if (codePoints(text) <= width) return text;
  if (width <= 0) return '';
  return `${[...text].slice(0, width - 1).join('')}…`;
}

/**
 * Widths that fit `total` terminal columns: while the table is too wide, the widest shrinkable
 * column gives one column (ties take turns), down to its minimum. What still does not fit after
 * that is left to the terminal to wrap, rather than cut a column that must stay whole.
 */
export function fitWidths<T>(
  columns: readonly Column<T>[],
  natural: readonly number[],
  total: number,
): number[] {
  const mins = columns.map((c, i) => {
    const own = natural[i] ?? 0;
    return c.shrink ? Math.min(own, Math.max(MIN_SHRUNK, codePoints(c.header))) : own;
  });
  // No column is wider than the terminal: this bounds the loop below (a hostile 1 MB cell too).
  const widths = natural.map((w, i) => (columns[i]?.shrink ? Math.max(mins[i] ?? 0, Math.min(w, total)) : w));
  let over = widths.reduce((a, b) => a + b, 0) + GAP * (columns.length - 1) - total;
  while (over > 0) {
    let widest = -1;
    widths.forEach((w, i) => {
      if (w > (mins[i] ?? 0) && (widest < 0 || w > (widths[widest] ?? 0))) widest = i;
    });
    if (widest < 0) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
    over--;
  }
  return widths;
}

/** Pad to `width` columns (code points). */
function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - codePoints(text)));
}

/** One table line: cells cut and padded to their widths (the last one not padded), styled. */
function tableLine<T>(
  io: IO,
  columns: readonly Column<T>[],
  row: T,
  cells: readonly string[],
  widths: readonly number[],
): string {
  const last = columns.length - 1;
  const parts = columns.map((c, i) => {
    const width = widths[i] ?? 0;
    const text = truncate(cells[i] ?? '', width);
    const padded = i === last ? text : pad(text, width);
    const style = c.style?.(row);
    return style ? io.style(style, padded) : padded;
  });
  return `${parts.join(' '.repeat(GAP)).trimEnd()}\n`;
}

/** The bold header line of a TTY table. */
function headerLine<T>(io: IO, columns: readonly Column<T>[], widths: readonly number[]): string {
  const last = columns.length - 1;
  return `${columns
    .map((c, i) => {
      const text = truncate(cell(c.header.toUpperCase()), widths[i] ?? 0);
      return io.style('bold', i === last ? text : pad(text, widths[i] ?? 0));
    })
    .join(' '.repeat(GAP))
    .trimEnd()}\n`;
}

/** The cells of `rows`, and each column's widest (header included, and `minimum` where given). */
function measure<T>(columns: readonly Column<T>[], rows: readonly T[], minimum: (c: Column<T>) => number) {
  const widths = columns.map((c) => Math.max(codePoints(cell(c.header.toUpperCase())), minimum(c)));
  // One pass, no spread of a column into Math.max (which overflows the stack at ~150,000 rows).
  const cells = rows.map((row) =>
    columns.map((c, i) => {
      const text = cell(c.value(row));
      const w = codePoints(text);
      if (w > (widths[i] ?? 0)) widths[i] = w;
      return text;
    }),
  );
  return { cells, widths };
}

/** A row as TSV: every cell whole, tab-separated, no colour. */
function tsvLine<T>(columns: readonly Column<T>[], row: T): string {
  return `${columns.map((c) => cell(c.value(row))).join('\t')}\n`;
}

/**
 * Print rows for a person and for a script: on a TTY an aligned table with a header, fitted to
 * the terminal width; piped, tab-separated with every cell whole, no header and no colour.
 */
export function printRows<T>(io: IO, columns: readonly Column<T>[], rows: readonly T[]): void {
  if (!io.stdoutIsTTY) {
    for (const row of rows) io.out(tsvLine(columns, row));
    return;
  }
  const { cells, widths } = measure(columns, rows, () => 0);
  const fitted = fitWidths(columns, widths, io.columns);
  io.out(headerLine(io, columns, fitted));
  rows.forEach((row, r) => {
    io.out(tableLine(io, columns, row, cells[r] ?? [], fitted));
  });
}

/**
 * A table whose rows arrive in batches (`audit logs --follow`, a very long `audit logs`): its widths
 * are fixed from the first rows (`sample`) and each column's `width`, fitted to the terminal, and
 * a later cell that is wider is cut with `…`. Piped, it is the TSV printRows prints.
 */
export class StreamingTable<T> {
  private readonly widths: readonly number[];

  constructor(
    private readonly io: IO,
    private readonly columns: readonly Column<T>[],
    sample: readonly T[],
  ) {
    const { widths } = io.stdoutIsTTY ? measure(columns, sample, (c) => c.width ?? 0) : { widths: [] };
    this.widths = fitWidths(columns, widths, io.columns);
  }

  /** The header line, on a TTY only. */
  header(): void {
    if (this.io.stdoutIsTTY) this.io.out(headerLine(this.io, this.columns, this.widths));
  }

  rows(rows: readonly T[]): void {
    for (const row of rows) {
      if (!this.io.stdoutIsTTY) this.io.out(tsvLine(this.columns, row));
      else {
        const cells = this.columns.map((c) => cell(c.value(row)));
        this.io.out(tableLine(this.io, this.columns, row, cells, this.widths));
      }
    }
  }
}
