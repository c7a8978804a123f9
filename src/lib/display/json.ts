import { escapeUnprintable } from '../errors.js';
import type { IO } from '../io.js';

/**
 * JSON text that is safe on a terminal and means the same to a parser. JSON.stringify escapes C0
 * controls inside strings but writes C1 controls (U+009B is a CSI), DEL, bidirectional marks and
 * U+2028/U+2029 as they are; those become `\uXXXX` escapes, which decode to the same string. The
 * only raw C0 character left in JSON.stringify's output is the newline between lines (pretty
 * printing), so each line goes through the one escaper on its own.
 */
export function jsonText(data: unknown, indent?: number): string {
  const text = JSON.stringify(data, null, indent) ?? 'null';
  return indent ? text.split('\n').map(escapeUnprintable).join('\n') : escapeUnprintable(text);
}

/** Print JSON on stdout (pretty, with a trailing newline). */
export function printJson(io: IO, data: unknown): void {
  io.out(`${jsonText(data, 2)}\n`);
}

/**
 * A list written as it arrives, page by page: one pretty JSON array (the same bytes printJson
 * writes for the whole list), or one compact JSON object a line (`lines`, for ndjson and --follow).
 */
export class JsonWriter {
  private count = 0;

  constructor(
    private readonly io: IO,
    private readonly shape: 'array' | 'lines',
  ) {}

  add(items: readonly unknown[]): void {
    if (items.length === 0) return;
    if (this.shape === 'lines') {
      this.io.out(items.map((item) => `${jsonText(item)}\n`).join(''));
    } else {
      const body = items.map((item) => jsonText(item, 2).replace(/^/gm, '  ')).join(',\n');
      this.io.out(`${this.count === 0 ? '[\n' : ',\n'}${body}`);
    }
    this.count += items.length;
  }

  /** Close the array (`[]` when nothing came); nothing to do for lines. */
  end(): void {
    if (this.shape === 'array') this.io.out(this.count === 0 ? '[]\n' : '\n]\n');
  }
}
