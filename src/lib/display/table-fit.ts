import { displayWidth } from './text.js';

/** What fitting needs of a column (see table.ts's Column). */
export interface FitColumn {
  header: string;
  shrink?: boolean;
  drop?: number;
}

/** A shrunk column keeps at least this many columns (or its header, if longer), `…` included. */
const MIN_SHRUNK = 8;
export const GAP = 2;

/** The columns a line of `widths` takes (a dropped column has width -1 and no gap). */
export function lineWidth(widths: readonly number[]): number {
  let sum = 0;
  let shown = 0;
  for (const w of widths) {
    if (w < 0) continue;
    sum += w;
    shown++;
  }
  return sum + GAP * Math.max(0, shown - 1);
}

/**
 * Widths that fit `total` terminal columns, so that no line of the table is wider than the terminal
 * (a wrapped row puts half a status on the next line), or `null` when the table cannot fit without
 * cutting what identifies a row: then it is printed one record per block. The one rule, for every
 * table: ids, names, times and statuses are never cut (a cut id cannot be pasted); in order, while
 * the table is too wide,
 *   1. the droppable columns are left out whole, least needed (highest `drop`) first; then those
 *      that fit whole again come back, most needed first, until one does not fit;
 *   2. the widest shrinkable (free-text) column gives one column, ties taking turns, down to its
 *      minimum (8, or its header);
 *   3. nothing else gives: the table does not fit (null).
 */
export function fitWidths(
  columns: readonly FitColumn[],
  natural: readonly number[],
  total: number,
): number[] | null {
  // No column is wider than the terminal: this bounds the loop below (a hostile 1 MB cell too).
  const widths = natural.map((w) => Math.min(w, Math.max(total, 1)));
  const droppable = columns
    .map((c, i) => ({ i, drop: c.drop }))
    .filter((c): c is { i: number; drop: number } => c.drop !== undefined)
    .sort((a, b) => b.drop - a.drop);
  for (const { i } of droppable) {
    if (lineWidth(widths) <= total) break;
    widths[i] = -1;
  }
  // A column left out while a wider one still overflowed comes back if it fits whole now, most
  // needed first, and never past one that stays out: a narrow, less needed column (an all-`-`
  // REVOKED) must not take the place of a more needed one (PREFIX).
  for (const { i } of droppable.toReversed()) {
    if (widths[i] !== -1) continue;
    widths[i] = Math.min(natural[i] ?? 0, Math.max(total, 1));
    if (lineWidth(widths) <= total) continue;
    widths[i] = -1;
    break;
  }
  const mins = columns.map((c, i) => {
    const own = widths[i] ?? 0;
    return c.shrink ? Math.min(own, Math.max(MIN_SHRUNK, displayWidth(c.header))) : own;
  });
  give(widths, mins, lineWidth(widths) - total);
  return lineWidth(widths) <= total ? widths : null;
}

/**
 * A streamed table's rows are not all known when its widths are fixed: the terminal's spare
 * columns go to its shown free-text (shrinkable) columns, in turns, so a later long target is cut
 * later, not while the line still has room.
 */
export function spreadSpare(columns: readonly FitColumn[], widths: number[], total: number): void {
  const free = columns.flatMap((c, i) => (c.shrink && (widths[i] ?? -1) >= 0 ? [i] : []));
  if (free.length === 0) return;
  for (let spare = total - lineWidth(widths), k = 0; spare > 0; spare--, k++) {
    const i = free[k % free.length] ?? 0;
    widths[i] = (widths[i] ?? 0) + 1;
  }
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
