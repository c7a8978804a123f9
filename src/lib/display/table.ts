import { escapeUnprintable } from '../errors.js';
import type { IO, Style } from '../io.js';
import { codePoints } from './text.js';

/** One column of a list: its header and a row's cell, as plain text from anywhere (printed escaped). */
export interface Column<T> {
  header: string;
  value: (row: T) => string;
  /** A colour for the cell in the TTY table only (the table applies it; colour is never text). */
  style?: (row: T) => Style | undefined;
}

/**
 * A cell made printable: tabs and newlines would break a TSV row (or a table line), so they become
 * spaces; every other unprintable character is escaped, so a cell cannot rewrite the terminal.
 */
export function cell(text: string): string {
  // String(): a hostile server may send a number or an object where docs/api.md promises a string.
  return escapeUnprintable(String(text).replace(/[\t\r\n]+/g, ' '));
}

/** Pad to `width` columns (code points). */
function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - codePoints(text)));
}

/** One table line: cells padded to their widths (the last one not), styled, two spaces apart. */
function tableLine<T>(
  io: IO,
  columns: readonly Column<T>[],
  row: T,
  cells: readonly string[],
  widths: readonly number[],
  padLast: boolean,
): string {
  const last = columns.length - 1;
  const parts = columns.map((c, i) => {
    const text = cells[i] ?? '';
    const padded = i === last && !padLast ? text : pad(text, widths[i] ?? 0);
    const style = c.style?.(row);
    return style ? io.style(style, padded) : padded;
  });
  return `${parts.join('  ').trimEnd()}\n`;
}

/** The bold header line of a TTY table. */
function headerLine(io: IO, headers: readonly string[], widths: readonly number[], padLast: boolean): string {
  const last = headers.length - 1;
  return `${headers
    .map((h, i) => {
      const text = cell(h.toUpperCase());
      return io.style('bold', i === last && !padLast ? text : pad(text, widths[i] ?? 0));
    })
    .join('  ')
    .trimEnd()}\n`;
}

/**
 * Print rows for a person and for a script: an aligned table with a header on a TTY, tab-separated with no
 * header and no colour when piped. The widths are found in one pass over the cells (no spread of
 * a column into Math.max, which overflows the call stack at some 150,000 rows).
 */
export function printRows<T>(io: IO, columns: readonly Column<T>[], rows: readonly T[]): void {
  if (!io.stdoutIsTTY) {
    for (const row of rows) io.out(`${columns.map((c) => cell(c.value(row))).join('\t')}\n`);
    return;
  }
  const widths = columns.map((c) => codePoints(cell(c.header.toUpperCase())));
  const cells = rows.map((row) =>
    columns.map((c, i) => {
      const text = cell(c.value(row));
      const w = codePoints(text);
      if (w > (widths[i] ?? 0)) widths[i] = w;
      return text;
    }),
  );
  io.out(
    headerLine(
      io,
      columns.map((c) => c.header),
      widths,
      false,
    ),
  );
  rows.forEach((row, r) => {
    io.out(tableLine(io, columns, row, cells[r] ?? [], widths, false));
  });
}

/**
 * A table whose rows arrive in batches (`audit logs --follow`): fixed widths, since a row cannot
 * wait for the widest cell; a TSV row per line when piped, as printRows prints.
 */
export class StreamingTable<T> {
  constructor(
    private readonly io: IO,
    private readonly columns: readonly Column<T>[],
    /** Widths of the columns but the last. */
    private readonly widths: readonly number[],
  ) {}

  /** The header line, on a TTY only. */
  header(): void {
    if (this.io.stdoutIsTTY) {
      this.io.out(
        headerLine(
          this.io,
          this.columns.map((c) => c.header),
          this.widths,
          true,
        ),
      );
    }
  }

  rows(rows: readonly T[]): void {
    if (!this.io.stdoutIsTTY) {
      printRows(this.io, this.columns, rows);
      return;
    }
    for (const row of rows) {
      const cells = this.columns.map((c) => cell(c.value(row)));
      this.io.out(tableLine(this.io, this.columns, row, cells, this.widths, true));
    }
  }
}
