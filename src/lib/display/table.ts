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
  /**
   * Left out on a terminal too narrow for the table once every shrinkable column is at its
   * minimum, as gh leaves columns out: the highest number goes first. Piped (TSV) it is always
   * there, so a script's columns never move.
   */
  drop?: number;
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
 * Widths that fit `total` terminal columns, so that no line of the table is wider than the terminal
 * (a wrapped row puts half a status on the next line). In order, while the table is too wide:
 *   1. the widest shrinkable column gives one column (ties take turns), down to its minimum;
 *   2. the droppable columns are left out, least needed first (a width of -1);
 *   3. shrinkable columns give further, down to two (one character and `…`);
 *   4. every column gives, widest first, down to one: a cut id or time shows `…`, never a wrap;
 *   5. on a terminal narrower than one character a column, columns are left out from the right.
 */
export function fitWidths<T>(
  columns: readonly Column<T>[],
  natural: readonly number[],
  total: number,
): number[] {
  // No column is wider than the terminal: this bounds the loops below (a hostile 1 MB cell too).
  const widths = natural.map((w) => Math.min(w, Math.max(total, 1)));
  const mins = columns.map((c, i) => {
    const own = widths[i] ?? 0;
    return c.shrink ? Math.min(own, Math.max(MIN_SHRUNK, codePoints(c.header))) : own;
  });
  const width = () =>
    widths.reduce((sum, w) => (w < 0 ? sum : sum + w + GAP), 0) - (lastShown(widths) < 0 ? 0 : GAP);
  give(widths, mins, width() - total);
  const droppable = columns
    .map((c, i) => ({ i, drop: c.drop }))
    .filter((c): c is { i: number; drop: number } => c.drop !== undefined)
    .sort((a, b) => b.drop - a.drop);
  for (const { i } of droppable) {
    if (width() <= total) break;
    widths[i] = -1;
  }
  give(
    widths,
    widths.map((w, i) => (columns[i]?.shrink ? Math.min(w, 2) : w)),
    width() - total,
  );
  give(
    widths,
    widths.map((w) => Math.min(w, 1)),
    width() - total,
  );
  for (let i = widths.length - 1; i > 0 && width() > total; i--) widths[i] = -1;
  return widths;
}

/** Take `over` columns from `widths`, one at a time from the widest above its floor in `mins`. */
function give(widths: number[], mins: readonly number[], over: number): void {
  for (; over > 0; over--) {
    let widest = -1;
    widths.forEach((w, i) => {
      if (w > (mins[i] ?? 0) && (widest < 0 || w > (widths[widest] ?? 0))) widest = i;
    });
    if (widest < 0) return;
    widths[widest] = (widths[widest] ?? 0) - 1;
  }
}

/** The index of the last column shown (a dropped one has width -1). */
function lastShown(widths: readonly number[]): number {
  for (let i = widths.length - 1; i >= 0; i--) if ((widths[i] ?? 0) >= 0) return i;
  return -1;
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
  const last = lastShown(widths);
  const parts = columns.flatMap((c, i) => {
    const width = widths[i] ?? 0;
    if (width < 0) return [];
    const text = truncate(cells[i] ?? '', width);
    const padded = i === last ? text : pad(text, width);
    const style = c.style?.(row);
    return [style ? io.style(style, padded) : padded];
  });
  return `${parts.join(' '.repeat(GAP)).trimEnd()}\n`;
}

/** The bold header line of a TTY table. */
function headerLine<T>(io: IO, columns: readonly Column<T>[], widths: readonly number[]): string {
  const last = lastShown(widths);
  return `${columns
    .flatMap((c, i) => {
      if ((widths[i] ?? 0) < 0) return [];
      const text = truncate(cell(c.header.toUpperCase()), widths[i] ?? 0);
      return [io.style('bold', i === last ? text : pad(text, widths[i] ?? 0))];
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
