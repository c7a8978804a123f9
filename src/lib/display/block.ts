import type { IO } from '../io.js';
import { type Part, Text, t } from './text.js';

/** One line of a label/value block; a false or null entry is skipped (a field that does not apply). */
export type Field = readonly [label: Part, value: Part];

export interface BlockOptions {
  /** Spaces before each label (default none). */
  indent?: number;
  /** End each label with `:` (default true). */
  colon?: boolean;
  /**
   * The value column: at least this wide (label included), and always two spaces past the longest
   * label. Default 12, so the blocks of different commands line up alike.
   */
  minWidth?: number;
}

/** The column label/value blocks put their values in unless a label is longer. */
export const LABEL_WIDTH = 12;

/**
 * Print label/value lines on stdout, values aligned in one column:
 *
 *   Run:        run_8f2c
 *   Workflow:   production/etl (wf_1234)
 *
 * Labels and values are Parts: a string from a server or a file is printed escaped.
 */
export function printBlock(
  io: IO,
  fields: ReadonlyArray<Field | false | null | undefined>,
  options: BlockOptions = {},
): void {
  const colon = options.colon ?? true;
  const indent = ' '.repeat(options.indent ?? 0);
  const rows = fields
    .filter((f): f is Field => Boolean(f))
    // An empty label continues the value above on a line of its own (one problem per line).
    .map(([label, value]) => ({
      label: colon && label !== '' ? t`${label}:` : Text.from(label),
      value: Text.from(value),
    }));
  let width = options.minWidth ?? LABEL_WIDTH;
  for (const r of rows) width = Math.max(width, r.label.width + 2);
  let out = '';
  for (const r of rows) {
    const gap = ' '.repeat(width - r.label.width);
    out += `${indent}${r.label.render(io)}${gap}${r.value.render(io)}\n`;
  }
  if (out) io.out(out);
}
