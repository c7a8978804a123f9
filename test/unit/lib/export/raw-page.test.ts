// Splitting a page body into each event's bytes: the slices must be exactly the events JSON.parse
// sees, strings with quotes, backslashes and brackets must not fool it, and any other shape falls
// back to ordinary parsing, which yields the same one form: each event's compact JSON text.
import { describe, expect, it } from 'vitest';
import {
  decodeEventsPage,
  type EventsPage,
  SlicedEvents,
  splitEventsPage,
} from '../../../../src/lib/export/raw-page.js';
import { writerFor } from '../../../../src/lib/export/writers.js';

const tricky = [
  { id: 'evt_1', metadata: {} },
  { id: 'evt_2', action: 'a "quoted" } ] { [ \\', metadata: { nested: { list: [1, { x: '\\"' }] } } },
  { id: 'evt_3', action: '\\\\', user_id: null, metadata: { note: 'ünïcødé ✓ \n\t', empty: [] } },
];

function body(events: unknown[], next: string | null = 'abc'): Buffer {
  return Buffer.from(JSON.stringify({ events, next_cursor: next }));
}

describe('splitEventsPage', () => {
  it('slices a compact page into exactly the events, and reads the cursor', () => {
    const page = splitEventsPage(body(tricky));
    expect(page?.next_cursor).toBe('abc');
    expect([...(page?.events ?? [])].map((b) => JSON.parse(b.toString('utf8')))).toEqual(tricky);
    expect([...(page?.events ?? [])].map((b) => b.toString('utf8'))).toEqual(
      tricky.map((e) => JSON.stringify(e)),
    );
  });

  it('handles an empty last page', () => {
    expect(splitEventsPage(body([], null))).toEqual({ events: [], next_cursor: null });
  });

  it('returns null for any other shape, so the caller parses it instead', () => {
    expect(splitEventsPage(Buffer.from(JSON.stringify({ events: tricky }, null, 2)))).toBeNull();
    expect(splitEventsPage(Buffer.from('{"next_cursor":null,"events":[]}'))).toBeNull();
    expect(splitEventsPage(Buffer.from('{"events":[1,2],"next_cursor":null}'))).toBeNull();
    expect(splitEventsPage(Buffer.from('{"events":[{"a":"}'))).toBeNull();
    expect(splitEventsPage(Buffer.from('{"events":[{"a":1}],"next_cursor":'))).toBeNull();
  });

  it('parses a body with a line break inside an event, so an ndjson line is always one event', () => {
    const text =
      '{"events":[{"id":"evt_1",\n"metadata":{}},{"id":"evt_2",\r\n"metadata":{}}],"next_cursor":null}';
    expect(splitEventsPage(Buffer.from(text))).toBeNull();
    const page = decodeEventsPage(Buffer.from(text)) as EventsPage;
    const lines = writerFor('ndjson').page(page.events, 0).toString();
    expect(lines).toBe('{"id":"evt_1","metadata":{}}\n{"id":"evt_2","metadata":{}}\n');
  });
});

describe('SlicedEvents', () => {
  it('holds the events as ranges of the body: at() as Array has it, lines() one per line without a copy', () => {
    const raw = body(tricky);
    const page = splitEventsPage(raw);
    const events = page?.events as SlicedEvents;
    expect(events).toBeInstanceOf(SlicedEvents);
    expect(events.length).toBe(3);
    expect(events.at(-1)?.toString()).toBe(JSON.stringify(tricky[2]));
    expect([events.at(3), events.at(-4), events.at(0.5)]).toEqual([undefined, undefined, undefined]);
    const lines = events.lines();
    expect(lines.toString()).toBe(`${tricky.map((e) => JSON.stringify(e)).join('\n')}\n`);
    expect(lines.buffer).toBe(raw.buffer);
    // The bytes it turned into line feeds were no event's: the events and a second call are unchanged.
    expect([...events].map((b) => b.toString())).toEqual(tricky.map((e) => JSON.stringify(e)));
    expect(events.lines().toString()).toBe(lines.toString());
  });

  it('a body too long for one span of ranges grows them', () => {
    const many = Array.from({ length: 1500 }, (_, i) => ({ id: `evt_${i}`, metadata: { n: [i] } }));
    const events = splitEventsPage(body(many, null))?.events as SlicedEvents;
    expect(events.length).toBe(1500);
    expect(events.at(1499)?.toString()).toBe(JSON.stringify(many[1499]));
    expect(events.lines().toString().split('\n')).toHaveLength(1501);
  });
});

describe('decodeEventsPage', () => {
  it('parses a body of another shape into the same form: each event as its compact JSON text', () => {
    const pretty = Buffer.from(JSON.stringify({ events: tricky, next_cursor: null }, null, 2));
    const page = decodeEventsPage(pretty) as EventsPage;
    expect(page.next_cursor).toBeNull();
    expect([...page.events].every((e) => Buffer.isBuffer(e))).toBe(true);
    expect([...page.events].map((b) => b.toString('utf8'))).toEqual(tricky.map((e) => JSON.stringify(e)));
    // A page parsed already (a test's stub) takes the same form; what is not a page passes through.
    expect(decodeEventsPage({ events: tricky, next_cursor: null })).toEqual(page);
    const notAPage = { secrets: [] };
    expect(decodeEventsPage(notAPage)).toBe(notAPage);
  });

  it('rejects a body that is not JSON', () => {
    expect(() => decodeEventsPage(Buffer.from('<html>'))).toThrow(/not JSON/);
  });

  // The split refuses these; the parsing path (any other layout: one space is enough) must too.
  it.each([
    ['a number', '1'],
    ['a string', '"x"'],
    ['null', 'null'],
    ['an array', '[]'],
    ['an event nested 10,000 deep', `{"metadata":{"n":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`],
  ])('refuses a page whose item is %s, on either path, in fixed words', (_label, item) => {
    const compact = Buffer.from(`{"events":[{"id":"evt_1"},${item}],"next_cursor":null}`);
    const spaced = Buffer.from(`{"events": [{"id":"evt_1"}, ${item}], "next_cursor": null}`);
    for (const b of [compact, spaced]) {
      expect(() => decodeEventsPage(b)).toThrow('the server sent a page whose events are not audit events');
    }
  });

  // I-JSON (RFC 7493): what strict readers (jq) refuse, or what a double cannot hold and stringify
  // would write back as null, is refused on both paths rather than written or rewritten.
  it.each([
    ['a lone high surrogate', '{"id":"evt_1","n":"\\ud800"}'],
    ['a lone low surrogate', '{"id":"evt_1","n":"\\udc00x"}'],
    ['a lone surrogate in a key', '{"id":"evt_1","\\ud83d":1}'],
    ['a number beyond a double', '{"id":"evt_1","n":1e999999}'],
    ['a negative one', '{"id":"evt_1","n":-1.5E+400}'],
  ])('refuses %s on either path', (_label, event) => {
    for (const text of [
      `{"events":[${event}],"next_cursor":null}`,
      `{"events": [${event}], "next_cursor": null}`,
    ]) {
      expect(() => decodeEventsPage(Buffer.from(text))).toThrow(/cannot carry portably/);
    }
  });

  it('takes a surrogate pair, and numbers a double holds, on either path', () => {
    const event = '{"id":"evt_1","e":"\\ud83d\\ude80","n":1e308,"m":-2.5E-300}';
    for (const text of [
      `{"events":[${event}],"next_cursor":null}`,
      `{"events": [${event}], "next_cursor": null}`,
    ]) {
      const page = decodeEventsPage(Buffer.from(text)) as EventsPage;
      expect(JSON.parse([...page.events][0]?.toString('utf8') ?? '')).toEqual(JSON.parse(event));
    }
  });

  it('a page with two events keys gives the last, as JSON.parse does, on either path', () => {
    const [a, b] = ['{"id":"evt_a"}', '{"id":"evt_b"}'];
    for (const text of [
      `{"events":[${a}],"events":[${b}],"next_cursor":null}`,
      `{"events": [${a}],"events":[${b}],"next_cursor":null}`,
    ]) {
      const page = decodeEventsPage(Buffer.from(text)) as EventsPage;
      expect([...page.events].map((e) => e.toString('utf8'))).toEqual([b]);
    }
  });
});

describe('writers given either path', () => {
  it('write the same bytes for a sliced page as for one parsed and stringified again, in every format', () => {
    const sliced = decodeEventsPage(body(tricky)) as EventsPage;
    const parsed = decodeEventsPage(
      Buffer.from(JSON.stringify({ events: tricky, next_cursor: 'abc' }, null, 2)),
    );
    expect(splitEventsPage(body(tricky))).not.toBeNull();
    for (const format of ['json', 'ndjson', 'csv'] as const) {
      const w = writerFor(format);
      const bytes = (p: EventsPage) => Buffer.concat([w.page(p.events, 0), w.page(p.events, 3)]);
      expect(bytes(sliced).toString('utf8'), format).toBe(bytes(parsed as EventsPage).toString('utf8'));
    }
  });
});
