// lib/api/audit.ts through the real client over undici's MockAgent: the filters' query, the keyset
// cursor, checked pages, and the export's raw pages (same query, bytes left to its decoder).
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as audit from '../../../../src/lib/api/audit.js';
import { CliError } from '../../../../src/lib/errors.js';
import { decodeEventsPage, type SlicedEvents } from '../../../../src/lib/export/raw-page.js';
import { type Harness, harness } from './mock.js';

let h: Harness;
afterEach(async () => {
  await h?.agent.close();
});

const ev = (id: string): audit.AuditEvent => ({
  id,
  timestamp: '2026-11-29T10:00:00.000Z',
  event_type: 'secret.set',
  workflow_id: null,
  user_id: 'user-1',
  ip_address: null,
  action: 'set',
  status: 'success',
  duration_ms: null,
  metadata: {},
});
const FILTERS = {
  since: '2026-11-29T00:00:00.000Z',
  until: null,
  workflow_id: null,
  user_id: 'user-1',
  event_type: ['secret.set', 'secret.deleted'],
  status: null,
};
const QUERY =
  'since=2026-11-29T00%3A00%3A00.000Z&user_id=user-1&event_type=secret.set&event_type=secret.deleted';

async function drain<T>(pages: AsyncIterable<{ items: T[] }>): Promise<T[]> {
  const all: T[] = [];
  for await (const p of pages) all.push(...p.items);
  return all;
}

describe('audit events', () => {
  it('eventsQuery: absent filters left out, a repeated event_type, the order', () => {
    expect(audit.eventsQuery(FILTERS, 'asc')).toEqual({
      since: '2026-11-29T00:00:00.000Z',
      user_id: 'user-1',
      event_type: ['secret.set', 'secret.deleted'],
      order: 'asc',
    });
  });

  it('eventPages: follows the cursor with the filters on every page', async () => {
    h = harness();
    h.reply('GET', audit.EVENTS_PATH, 200, { events: [ev('e1')], next_cursor: 'c1' });
    h.reply('GET', audit.EVENTS_PATH, 200, { events: [ev('e2')], next_cursor: null });
    const got = await drain(audit.eventPages(h.client, FILTERS, { order: 'desc', pageSize: 1 }));
    expect(got.map((e) => e.id)).toEqual(['e1', 'e2']);
    expect(h.seen.map((s) => s.path)).toEqual([
      `${audit.EVENTS_PATH}?${QUERY}&order=desc&limit=1`,
      `${audit.EVENTS_PATH}?${QUERY}&order=desc&limit=1&cursor=c1`,
    ]);
  });

  it('eventPages: a page whose event breaks the shape is one error naming it, with the request id', async () => {
    h = harness();
    const bad = { ...ev('e1'), duration_ms: '1.5s' };
    h.reply('GET', audit.EVENTS_PATH, 200, { events: [bad], next_cursor: null }, { 'x-request-id': 'req_p' });
    const e = await drain(audit.eventPages(h.client, FILTERS, { order: 'asc' })).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CliError);
    expect(e).toMatchObject({
      message:
        "the server's answer to GET /api/v1/audit/events is not what the API promises: /events/0/duration_ms: expected integer or null",
      requestId: 'req_p',
    });
  });

  it('rawEventPages: the same query, each event left as its bytes for the decoder', async () => {
    h = harness();
    h.reply('GET', audit.EVENTS_PATH, 200, `{"events":[${JSON.stringify(ev('e1'))}],"next_cursor":null}`);
    const pages = audit.rawEventPages<Buffer>(h.client, FILTERS, {
      order: 'asc',
      pageSize: 1000,
      startCursor: 'c9',
      decode: decodeEventsPage,
    });
    const items = await drain(pages);
    expect(items.map((b) => JSON.parse(b.toString('utf8')).id)).toEqual(['e1']);
    expect(h.seen[0]?.path).toBe(`${audit.EVENTS_PATH}?${QUERY}&order=asc&limit=1000&cursor=c9`);
  });

  // EXPORT-PERF: since H15-7 each event was parsed (JSON.parse per event) to be checked; the split's
  // walk now matches it to the schema from its bytes, and only what it cannot vouch for is parsed.
  it('rawEventPages: a compact page of 1000 events is checked without parsing an event', async () => {
    h = harness();
    const events = Array.from({ length: 1000 }, (_, i) => JSON.stringify({ ...ev(`e${i}`), duration_ms: i }));
    h.reply('GET', audit.EVENTS_PATH, 200, `{"events":[${events.join(',')}],"next_cursor":null}`);
    const parse = vi.spyOn(JSON, 'parse');
    let count = 0;
    try {
      for await (const p of audit.rawEventPages<Buffer, SlicedEvents>(h.client, FILTERS, {
        order: 'asc',
        decode: decodeEventsPage,
      }))
        count += p.items.length;
      // One parse: the page's rest after its events (the cursor), none per event.
      expect(parse).toHaveBeenCalledTimes(1);
    } finally {
      parse.mockRestore();
    }
    expect(count).toBe(1000);
  });

  it('rawEventPages: an event the walk cannot vouch for is parsed and checked as before', async () => {
    h = harness();
    const good = JSON.stringify(ev('e1'));
    // 5.0 is an integer once parsed: accepted. A field name with an escape is that field: refused.
    const integer = good.replace('"duration_ms":null', '"duration_ms":5.0');
    const escaped = good.replace('"duration_ms":null', '"duration_ms":null,"dur\\u0061tion_ms":"=5"');
    h.reply('GET', audit.EVENTS_PATH, 200, `{"events":[${good},${integer}],"next_cursor":"c1"}`);
    h.reply('GET', audit.EVENTS_PATH, 200, `{"events":[${good},${escaped}],"next_cursor":null}`, {
      'x-request-id': 'req_e',
    });
    const seen: number[] = [];
    const e = await (async () => {
      for await (const p of audit.rawEventPages<Buffer, SlicedEvents>(h.client, FILTERS, {
        order: 'asc',
        decode: decodeEventsPage,
      }))
        seen.push(p.items.length);
    })().catch((x: unknown) => x);
    expect(seen).toEqual([2]);
    expect(e).toBeInstanceOf(CliError);
    expect(e).toMatchObject({
      message:
        "the server's answer to GET /api/v1/audit/events is not what the API promises: /events/1/duration_ms: expected integer or null",
      requestId: 'req_e',
    });
  });
});
