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

/** printJson's bytes, written in pieces as they are serialised (jsonTextChunks): a long report. */
export function printJsonInPieces(io: IO, data: unknown): void {
  for (const piece of jsonTextChunks(data, 2)) io.out(piece);
  io.out('\n');
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
 *
 * Small pieces (PIECE): a piece is thousands of small strings joined as they come, all alive until
 * it is written, and the longer that takes the likelier scavenges promote them. At 64 KiB, writing
 * a 3 MB SARIF log grew the old generation by 7 MB (the peak grew with the report); at 16 KiB, by
 * 0.4 MB.
 */
export function* jsonTextChunks(data: unknown, indent: number, size = PIECE): Generator<string> {
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

/** The size of a written piece, in characters (see jsonTextChunks). */
export const PIECE = 16 * 1024;

/** What JSON.stringify leaves out of an object and writes as null in an array. */
const absent = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

function isPlain(v: unknown): v is Record<string, unknown> | unknown[] {
  if (v === null || typeof v !== 'object') return false;
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return false;
  const proto = Object.getPrototypeOf(v);
  return Array.isArray(v) || proto === Object.prototype || proto === null;
}

/**
 * A list whose elements jsonTextChunks makes one at a time, as it writes them (`map` of each item),
 * so a report of 10,000 entries never holds 10,000 element objects at once. JSON.stringify (and so
 * jsonText) sees the mapped array through toJSON: the same text either way.
 */
export class JsonList<T> {
  constructor(
    private readonly items: readonly T[],
    private readonly map: (item: T) => unknown,
  ) {}

  get length(): number {
    return this.items.length;
  }

  *values(): Generator<unknown> {
    for (const item of this.items) yield this.map(item);
  }

  toJSON(): unknown[] {
    return this.items.map((item) => this.map(item));
  }
}

function* pretty(value: unknown, gap: string, pad: string): Generator<string> {
  const list = value instanceof JsonList;
  if (!list && !isPlain(value)) {
    yield (JSON.stringify(value, null, gap) ?? 'null').replaceAll('\n', `\n${pad}`);
    return;
  }
  const inner = pad + gap;
  const array = list || Array.isArray(value);
  // Walked as they are written, not copied first: a long array is not doubled into member pairs.
  const members: Iterable<[string | undefined, unknown]> = list
    ? pairs((value as JsonList<unknown>).values())
    : array
      ? pairs(value as unknown[])
      : Object.entries(value as object).filter(([, v]) => !absent(v));
  let i = 0;
  for (const [key, v] of members) {
    yield `${i === 0 ? (array ? '[' : '{') : ','}\n${inner}${key === undefined ? '' : `${JSON.stringify(key)}: `}`;
    yield* pretty(array && absent(v) ? null : v, gap, inner);
    i++;
  }
  if (i === 0) yield array ? '[]' : '{}';
  else yield `\n${pad}${array ? ']' : '}'}`;
}

/** An array's elements (a hole is undefined) as members without a key. */
function* pairs(values: Iterable<unknown>): Generator<[undefined, unknown]> {
  for (const v of values) yield [undefined, v];
}
