import { escapeUnprintable } from '../errors.js';
import type { IO, Style } from '../io.js';
import { note } from './messages.js';
import { plural } from './plural.js';
import { fitWidths, GAP, spreadSpare } from './table-fit.js';
import { charWidth, displayWidth } from './text.js';

export { fitWidths } from './table-fit.js';

/** One column of a list: its header and a row's cell, as plain text from anywhere (printed escaped). */
export interface Column<T> {
  header: string;
  value: (row: T) => string;
  /** A colour for the cell in the TTY table only (the table applies it; colour is never text). */
  style?: (row: T) => Style | undefined;
  /**
   * Free text that gives way when the table is wider than the terminal: cut with `…`, the widest
   * such column first, once the droppable columns are gone. Every other column (ids, names, times,
   * statuses) is never cut: a table that cannot fit without cutting one prints a block per row.
   */
  shrink?: boolean;
  /**
   * The width a streamed table gives the column before its widest cell is known (an RFC 3339 time
   * is 20): the rows it is sized from may all be narrower than those that follow.
   */
  width?: number;
  /**
   * Left out whole on a terminal too narrow for the table, before any cell is cut, as gh leaves
   * columns out: the highest number goes first. Piped (TSV) it is always there, so a script's
   * columns never move; in the blocks of a narrow terminal too.
   */
  drop?: number;
}

/**
 * A cell made printable: tabs and newlines would break a TSV row (or a table line), so they become
 * spaces; every other unprintable character is escaped, so a cell cannot rewrite the terminal.
 */
export function cell(text: string): string {
  // String(): a hostile server may send a number or an object where docs/api.md promises a string.
  return escapeUnprintable(String(text).replace(/[\t\r\n]+/g, ' '));
}

/** Cut `text` to `width` terminal columns, the last one `…`, when it is wider. */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return '';
  let kept = '';
  let used = 0;
  for (const c of text) {
    const w = charWidth(c);
    if (used + w > width - 1) break;
    kept += c;
    used += w;
  }
  return `${kept}…`;
}

/** The index of the last column shown (a dropped one has width -1). */
function lastShown(widths: readonly number[]): number {
  for (let i = widths.length - 1; i >= 0; i--) if ((widths[i] ?? 0) >= 0) return i;
  return -1;
}

/** Pad to `width` terminal columns. */
function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
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
  const widths = columns.map((c) => Math.max(displayWidth(cell(c.header.toUpperCase())), minimum(c)));
  // One pass, no spread of a column into Math.max (which overflows the stack at ~150,000 rows).
  const cells = rows.map((row) =>
    columns.map((c, i) => {
      const text = cell(c.value(row));
      const w = displayWidth(text);
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

/** A block's labels: `Last used:`, each padded to the longest. */
function blockLabels<T>(columns: readonly Column<T>[]): string[] {
  const labels = columns.map((c) => {
    const h = cell(c.header);
    return `${h.charAt(0).toUpperCase()}${h.slice(1)}:`;
  });
  let width = 0;
  for (const l of labels) width = Math.max(width, displayWidth(l));
  return labels.map((l) => pad(l, width + 1));
}

/**
 * One row as a block, on a terminal too narrow for the table (gh does the same): a `Label: value`
 * line per column, every value whole (an id can be pasted), styled as its cell would be; a value
 * longer than the line goes on below, under itself, broken at its spaces.
 */
function blockLines<T>(io: IO, columns: readonly Column<T>[], labels: readonly string[], row: T): string {
  return columns
    .map((c, i) => {
      const label = labels[i] ?? '';
      const style = c.style?.(row);
      const room = io.columns - displayWidth(label);
      const lines = room >= 12 ? wrap(cell(c.value(row)), room) : [cell(c.value(row))];
      return lines
        .map((text, n) => {
          const shown = style ? io.style(style, text) : text;
          return `${n === 0 ? io.style('bold', label) : ' '.repeat(displayWidth(label))}${shown}\n`;
        })
        .join('');
    })
    .join('');
}

/**
 * `text` in lines of at most `width` terminal columns, broken at spaces only: a word longer than the line
 * (an id, a name) stays whole on a line of its own, for the terminal to wrap, so it still pastes whole.
 */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && displayWidth(line) + 1 + displayWidth(word) > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines;
}

/**
 * One dim line on stderr after a table, naming the columns a terminal too narrow left out, so a
 * person knows the table is not all there and how to see the rest; on a terminal only (it is for a
 * person), and no wider than the terminal: the names alone, then a count, when the whole is wider.
 */
function leftOutNote<T>(io: IO, columns: readonly Column<T>[], widths: readonly number[]): void {
  if (!io.stderrIsTTY) return;
  const names = columns.flatMap((c, i) => ((widths[i] ?? 0) < 0 ? [cell(c.header.toUpperCase())] : []));
  if (names.length === 0) return;
  const listed = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names.join('');
  const said = [
    `${listed} left out to fit ${io.columns} columns; a pipe or a wider terminal shows them`,
    `${listed} left out; a pipe shows them`,
  ].find((text) => displayWidth(text) <= io.columns);
  note(io, said ?? `${plural(names.length, 'column')} left out; a pipe shows them`, 'dim');
}

/**
 * Print rows for a person and for a script: on a TTY an aligned table with a header, fitted to
 * the terminal width (a block per row when it cannot fit without cutting an id); piped, tab-separated with every cell whole, no header and no colour.
 */
export function printRows<T>(io: IO, columns: readonly Column<T>[], rows: readonly T[]): void {
  if (!io.stdoutIsTTY) {
    for (const row of rows) io.out(tsvLine(columns, row));
    return;
  }
  const { cells, widths } = measure(columns, rows, () => 0);
  const fitted = fitWidths(columns, widths, io.columns);
  if (fitted === null) {
    const labels = blockLabels(columns);
    io.out(rows.map((row) => blockLines(io, columns, labels, row)).join('\n'));
    return;
  }
  io.out(headerLine(io, columns, fitted));
  rows.forEach((row, r) => {
    io.out(tableLine(io, columns, row, cells[r] ?? [], fitted));
  });
  leftOutNote(io, columns, fitted);
}

/**
 * A table whose rows arrive in batches (`audit logs --follow`, a very long `audit logs`): its widths
 * are fixed from the first rows (`sample`) and each column's `width`, fitted to the terminal, the
 * spare columns given to its free text; a later cell that is wider is cut with `…`. On a terminal
 * too narrow for it, a block per row. Piped, it is the TSV printRows prints.
 */
export class StreamingTable<T> {
  private readonly widths: readonly number[] | null;
  private readonly labels: readonly string[];
  private blocks = 0;

  constructor(
    private readonly io: IO,
    private readonly columns: readonly Column<T>[],
    sample: readonly T[],
  ) {
    const { widths } = io.stdoutIsTTY ? measure(columns, sample, (c) => c.width ?? 0) : { widths: [] };
    const fitted = fitWidths(columns, widths, io.columns);
    if (fitted) spreadSpare(columns, fitted, io.columns);
    this.widths = fitted;
    this.labels = blockLabels(columns);
  }

  /** The header line, on a TTY only (blocks have none). */
  header(): void {
    if (this.io.stdoutIsTTY && this.widths) this.io.out(headerLine(this.io, this.columns, this.widths));
  }

  rows(rows: readonly T[]): void {
    for (const row of rows) {
      if (!this.io.stdoutIsTTY) this.io.out(tsvLine(this.columns, row));
      else if (this.widths === null) {
        const block = blockLines(this.io, this.columns, this.labels, row);
        this.io.out(this.blocks++ === 0 ? block : `\n${block}`);
      } else {
        const cells = this.columns.map((c) => cell(c.value(row)));
        this.io.out(tableLine(this.io, this.columns, row, cells, this.widths));
      }
    }
  }
}
