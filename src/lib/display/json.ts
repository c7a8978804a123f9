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

/**
 * The bytes of `jsonText(data, indent)` (indent > 0) in pieces of about `size` characters: every
 * array element and object member is serialised on its own, so a long document (a scan's report)
 * is written without ever being one string, nor its lines one array. Leaves (anything but plain
 * arrays and objects) are JSON.stringify's own text, re-indented: it writes no raw newline inside a
 * string, so each newline it writes is one of the layout's.
 */
export function* jsonTextChunks(data: unknown, indent: number, size = 64 * 1024): Generator<string> {
  let buffered = '';
  for (const piece of pretty(data, ' '.repeat(indent), '')) {
    buffered += piece;
    if (buffered.length >= size) {
      yield escapeLines(buffered);
      buffered = '';
    }
  }
  if (buffered !== '') yield escapeLines(buffered);
}

const escapeLines = (text: string) => text.split('\n').map(escapeUnprintable).join('\n');

/** What JSON.stringify leaves out of an object and writes as null in an array. */
const absent = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

function isPlain(v: unknown): v is Record<string, unknown> | unknown[] {
  if (v === null || typeof v !== 'object') return false;
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return false;
  const proto = Object.getPrototypeOf(v);
  return Array.isArray(v) || proto === Object.prototype || proto === null;
}

function* pretty(value: unknown, gap: string, pad: string): Generator<string> {
  if (!isPlain(value)) {
    yield (JSON.stringify(value, null, gap) ?? 'null').replaceAll('\n', `\n${pad}`);
    return;
  }
  const inner = pad + gap;
  const array = Array.isArray(value);
  const members: Array<[string | undefined, unknown]> = array
    ? Array.from(value, (v) => [undefined, absent(v) ? null : v])
    : Object.entries(value).filter(([, v]) => !absent(v));
  if (members.length === 0) {
    yield array ? '[]' : '{}';
    return;
  }
  yield array ? '[' : '{';
  for (const [i, [key, v]] of members.entries()) {
    yield `${i === 0 ? '' : ','}\n${inner}${key === undefined ? '' : `${JSON.stringify(key)}: `}`;
    yield* pretty(v, gap, inner);
  }
  yield `\n${pad}${array ? ']' : '}'}`;
}
