/**
 * Decode a page of audit events into the one form the export writers take: each event's JSON text,
 * compact and on one line (byte ranges of the body, or one Buffer each when the page was parsed).
 *
 * Why text, and why sliced from the body without parsing: parsing a 1000-event page (3 MB) into
 * objects and stringifying every event again for ndjson costs CPU, and the 3 MB strings it takes
 * land in V8's large-object space, survive a scavenge while the next page arrives and pile up in the
 * old generation until a full GC: the export's peak memory then grew with its length
 * (bench/RESULTS.md, "Audit export"). The body Buffer is off the JS heap and is freed by the first
 * scavenge after its page is written (runtime.ts has the export scavenge early for that).
 *
 * Only the compact shape the API sends is sliced: `{"events":[{…},{…}],` then the rest of the
 * object (`"next_cursor":…}`), which JSON.parse checks. Inside an event only strings and brackets
 * matter to find where it ends. Any other layout (whitespace between events, a line break anywhere,
 * another key order, a non-object item) is parsed, and its events are stringified again: the same
 * compact text, so the writers never see which path a page took.
 */

import { isUtf8 } from 'node:buffer';
import { AuditEventSchema } from '../api/audit.js';
import type { Peek } from '../api/paginate.js';
import { CliError } from '../errors.js';
import { nestsTooDeep } from '../json-depth.js';
import { type EventShape, eventShape, type ScanResult, scanEvent, scanResult } from './event-shape.js';
import { skipObject } from './json-grammar.js';

const PREFIX = Buffer.from('{"events":[');
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * The events of a compact page body, by their byte ranges in it: no object per event. A Buffer per
 * event (a subarray is a JS object) cost more than the slicing itself over a million events, in
 * allocation and scavenges; the writers ask for one only where they need it (CSV, a test).
 * Each event is followed by one byte that is no event's (a comma, or the `]` after the last), and
 * the next one starts right after it: lines() relies on both.
 */
export class SlicedEvents {
  constructor(
    private readonly body: Buffer,
    /** start, end (exclusive) of each event, in order. */
    private readonly bounds: Uint32Array,
    readonly length: number,
    /** 1 for each event the split found to match AuditEventSchema (event-shape.ts), else 0. */
    private readonly vouched: Uint8Array | null = null,
    /** Per event, the value spans of its fields (ScanResult.spans), `fields.length` pairs each. */
    private readonly spans: Int32Array | null = null,
    private readonly fields: readonly string[] = [],
  ) {}

  /**
   * The JSON text of top-level field `name` of event `i`, for an event matchesSchema vouched for
   * (its fields are all there and of their kind), else undefined: the check then parses the event.
   */
  valueText(i: number, name: string): string | undefined {
    const f = this.fields.indexOf(name);
    if (f === -1 || this.spans === null || !this.matchesSchema(i)) return undefined;
    const at = 2 * (i * this.fields.length + f);
    return this.body.toString('utf8', this.spans[at], this.spans[at + 1]);
  }

  /**
   * Whether event `i` is known to match AuditEventSchema from the split's walk of its bytes: the
   * schema check (api/audit.ts) then has no need to parse it. False means only "not known".
   */
  matchesSchema(i: number): boolean {
    return this.vouched !== null && i >= 0 && i < this.length && this.vouched[i] === 1;
  }

  /** Event `i`'s text (a view of the body), as Array.prototype.at answers. */
  at(i: number): Buffer | undefined {
    const k = i < 0 ? i + this.length : i;
    if (!Number.isInteger(k) || k < 0 || k >= this.length) return undefined;
    return this.body.subarray(this.bounds[2 * k], this.bounds[2 * k + 1]);
  }

  *[Symbol.iterator](): IterableIterator<Buffer> {
    for (let i = 0; i < this.length; i++) yield this.at(i) as Buffer;
  }

  /** `lead`, then the events with `between` after each but the last: one Buffer, one copy of each event. */
  joined(lead: Buffer, between: Buffer): Buffer {
    const { body, bounds, length } = this;
    const size = (bounds[2 * length - 1] as number) - (bounds[0] as number) - (length - 1);
    const out = Buffer.allocUnsafe(lead.length + size + between.length * (length - 1));
    let at = lead.copy(out, 0);
    for (let i = 0; i < length; i++) {
      if (i > 0) at += between.copy(out, at);
      at += body.copy(out, at, bounds[2 * i], bounds[2 * i + 1]);
    }
    return out;
  }

  /**
   * Every event followed by a line feed, without a copy: the byte after each event (the comma
   * between two, the `]` after the last) belongs to no event, so it is made a line feed in place and
   * the span is returned as it is. Calling it again gives the same bytes; at() is unchanged.
   */
  lines(): Buffer {
    if (this.length === 0) return Buffer.alloc(0);
    for (let i = 0; i < this.length; i++) this.body[this.bounds[2 * i + 1] as number] = LINE_FEED;
    return this.body.subarray(this.bounds[0], (this.bounds[2 * this.length - 1] as number) + 1);
  }
}

/** A page's events as JSON text, compact, without a line break: sliced, or one Buffer each. */
export type EventTexts = SlicedEvents | readonly Buffer[];

/** A page of events as JSON text. */
export interface EventsPage {
  events: EventTexts;
  next_cursor: unknown;
}

/** AuditEventSchema as the split's walk reads it, made at the first page (null: never vouched). */
let shape: EventShape | null | undefined;
let scan: ScanResult = scanResult(null);
let fieldNames: readonly string[] = [];

/**
 * The events of a compact page body as slices of it, or null when the body has another shape.
 * The walk that finds where each event ends also notes which events match AuditEventSchema
 * (event-shape.ts), so the schema check parses only the others.
 */
export function splitEventsPage(body: Buffer): EventsPage | null {
  if (body.length < PREFIX.length || !body.subarray(0, PREFIX.length).equals(PREFIX)) return null;
  // Whitespace inside an event would be copied as it is: a line break there splits an ndjson line,
  // and resume counts one line per event. Such a body takes the parsing path, which re-serialises.
  if (body.indexOf(LINE_FEED) !== -1 || body.indexOf(CARRIAGE_RETURN) !== -1) return null;
  // Bytes that are not UTF-8 would be copied as they are; the parsing path refuses them.
  if (!isUtf8(body)) return null;
  if (shape === undefined) {
    shape = eventShape(AuditEventSchema);
    scan = scanResult(shape);
    fieldNames = shape ? shape.names.map((n) => n.toString('utf8')) : [];
  }
  const pairs = scan.spans.length;
  let bounds = new Uint32Array(2048);
  let vouched = new Uint8Array(1024);
  let spans = new Int32Array(1024 * pairs);
  let count = 0;
  let i = PREFIX.length;
  if (body[i] !== CLOSE_BRACKET) {
    for (;;) {
      if (body[i] !== OPEN_BRACE) return null;
      const end = shape ? scanEvent(body, i, shape, scan) : skipObject(body, i);
      if (end === -1) return null;
      if (2 * count + 2 > bounds.length) {
        const more = new Uint32Array(bounds.length * 2);
        more.set(bounds);
        bounds = more;
        const marks = new Uint8Array(vouched.length * 2);
        marks.set(vouched);
        vouched = marks;
        const more2 = new Int32Array(spans.length * 2);
        more2.set(spans);
        spans = more2;
      }
      bounds[2 * count] = i;
      bounds[2 * count + 1] = end;
      vouched[count] = shape && scan.vouched ? 1 : 0;
      if (scan.vouched) spans.set(scan.spans, count * pairs);
      count++;
      i = end;
      if (body[i] === CLOSE_BRACKET) break;
      if (body[i] !== COMMA) return null;
      i++;
    }
  }
  // The rest after the array is small: let the real parser check it and read the cursor.
  // A 0 in the array's place: a second `events` key in the rest would replace it, and JSON.parse of
  // the whole body (the other path) keeps that last one, so such a page takes that path.
  let rest: Record<string, unknown>;
  try {
    rest = JSON.parse(`{"events":0${body.toString('utf8', i + 1)}`) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (rest.events !== 0) return null;
  const events = count === 0 ? [] : new SlicedEvents(body, bounds, count, vouched, spans, fieldNames);
  return { events, next_cursor: rest.next_cursor ?? null };
}

/**
 * The end of a compact page: its cursor as a JSON string literal with nothing to unescape (no quote,
 * backslash or control character inside), or null. Anything else is not read ahead.
 */
const TAIL = /,"next_cursor":(?:"([^"\\\u0000-\u001f]*)"|null)\}$/u;
/** Bytes of the end read for it: the longest cursor the API takes (1024 characters) fits. */
const TAIL_BYTES = 4200;

/**
 * A compact page's cursor and first event, read without scanning the body (its last few KiB, its
 * first event): what lets the export ask for the next page before this one is decoded. Only a
 * guess (paginate's Peek): decodeEventsPage still decides, and the page is refused as before when
 * its body turns out broken. The first event is the same bytes the split gives as at(0).
 */
export function peekEventsPage(data: unknown): Peek | undefined {
  if (!Buffer.isBuffer(data) || data.length < PREFIX.length) return undefined;
  if (!data.subarray(0, PREFIX.length).equals(PREFIX)) return undefined;
  const m = TAIL.exec(data.toString('utf8', Math.max(0, data.length - TAIL_BYTES)));
  if (!m) return undefined;
  const nextCursor = m[1] ?? null;
  if (data[PREFIX.length] === CLOSE_BRACKET) return { nextCursor, first: undefined };
  if (data[PREFIX.length] !== OPEN_BRACE) return undefined;
  const end = skipObject(data, PREFIX.length);
  return end === -1 ? undefined : { nextCursor, first: data.subarray(PREFIX.length, end) };
}

/**
 * Decode a page response (the body's bytes; a parsed object from a test's stub) into an EventsPage.
 * What is not a page of events at all passes through unchanged, for paginate() to refuse.
 */
export function decodeEventsPage(data: unknown): unknown {
  if (!Buffer.isBuffer(data)) return asText(data);
  const page = splitEventsPage(data);
  if (page) return page;
  // JSON is UTF-8: a decode would put U+FFFD in the file where the server's bytes were.
  if (!isUtf8(data))
    throw new CliError('unexpected', 'the server sent a page of audit events that is not JSON');
  const text = data.toString('utf8');
  if (text.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliError('unexpected', 'the server sent a page of audit events that is not JSON');
  }
  return asText(parsed);
}

/**
 * A parsed page with each event stringified again (JSON.stringify never writes a line break). What
 * the split refuses, this path refuses too: an item that is not an object (`1`, `null`, `[]`); and
 * one nested deeper than lib/json-depth allows, whose stringify would overflow the stack.
 */
function asText(page: unknown): unknown {
  const events = (page as { events?: unknown } | null)?.events;
  if (!Array.isArray(events)) return page;
  return {
    events: events.map((e) => {
      if (e === null || typeof e !== 'object' || Array.isArray(e) || nestsTooDeep(e))
        throw new CliError('unexpected', 'the server sent a page whose events are not audit events');
      if (!portable(e))
        throw new CliError(
          'unexpected',
          'the server sent an event that JSON cannot carry portably (a lone surrogate, or a number beyond a double)',
        );
      return Buffer.from(JSON.stringify(e));
    }),
    next_cursor: (page as { next_cursor?: unknown }).next_cursor ?? null,
  };
}

/**
 * I-JSON (RFC 7493), as the split's grammar check holds a sliced event to: every string (keys too)
 * well-formed UTF-16, every number finite. JSON.parse made `1e999999` Infinity, which stringify
 * writes as null: a value rewritten without a word.
 */
function portable(event: object): boolean {
  const open: unknown[] = [event];
  while (open.length > 0) {
    const node = open.pop();
    if (typeof node === 'number' && !Number.isFinite(node)) return false;
    if (typeof node === 'string' && LONE_SURROGATE.test(node)) return false;
    if (node === null || typeof node !== 'object') continue;
    for (const [key, value] of Object.entries(node)) {
      if (LONE_SURROGATE.test(key)) return false;
      open.push(value);
    }
  }
  return true;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
