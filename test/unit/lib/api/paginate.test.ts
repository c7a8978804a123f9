import { afterEach, describe, expect, it } from 'vitest';
import { paginate } from '../../../../src/lib/api/paginate.js';
import { CliError } from '../../../../src/lib/errors.js';
import { decodeEventsPage } from '../../../../src/lib/export/raw-page.js';
import { type Harness, harness } from './mock.js';

let h: Harness;
afterEach(async () => {
  await h.agent.close();
});

describe('paginate', () => {
  it('walks three pages by cursor, passing filters on every page', async () => {
    h = harness();
    h.reply('GET', '/api/v1/audit/events', 200, { events: [{ id: 'e1' }, { id: 'e2' }], next_cursor: 'c1' });
    h.reply('GET', '/api/v1/audit/events', 200, { events: [{ id: 'e3' }, { id: 'e4' }], next_cursor: 'c2' });
    h.reply('GET', '/api/v1/audit/events', 200, { events: [{ id: 'e5' }], next_cursor: null });
    const pages = [];
    for await (const page of paginate<{ id: string }>(h.client, '/api/v1/audit/events', {
      itemsKey: 'events',
      pageSize: 2,
      query: { status: 'failure', event_type: ['a', 'b'] },
    })) {
      pages.push(page);
    }
    expect(pages).toEqual([
      { items: [{ id: 'e1' }, { id: 'e2' }], nextCursor: 'c1', cursor: null },
      { items: [{ id: 'e3' }, { id: 'e4' }], nextCursor: 'c2', cursor: 'c1' },
      { items: [{ id: 'e5' }], nextCursor: null, cursor: 'c2' },
    ]);
    expect(h.seen.map((s) => s.path)).toEqual([
      '/api/v1/audit/events?status=failure&event_type=a&event_type=b&limit=2',
      '/api/v1/audit/events?status=failure&event_type=a&event_type=b&limit=2&cursor=c1',
      '/api/v1/audit/events?status=failure&event_type=a&event_type=b&limit=2&cursor=c2',
    ]);
  });

  it('resumes from a start cursor and fetches lazily', async () => {
    h = harness();
    h.reply('GET', '/api/v1/audit/events', 200, { events: [{ id: 'e9' }], next_cursor: 'c10' });
    const it = paginate(h.client, '/api/v1/audit/events', { itemsKey: 'events', startCursor: 'c9' });
    const first = await it.next();
    expect(first.value).toEqual({ items: [{ id: 'e9' }], nextCursor: 'c10', cursor: 'c9' });
    // Only one page was asked for, so only one request went out.
    expect(h.seen.map((s) => s.path)).toEqual(['/api/v1/audit/events?cursor=c9']);
    await it.return(undefined);
  });

  it('an empty first page is a normal end', async () => {
    h = harness();
    h.reply('GET', '/api/v1/audit/events', 200, { events: [], next_cursor: null });
    const pages = [];
    for await (const p of paginate(h.client, '/api/v1/audit/events', { itemsKey: 'events' })) pages.push(p);
    expect(pages).toEqual([{ items: [], nextCursor: null, cursor: null }]);
  });

  it('rejects a response that is not a page, and a cursor that repeats', async () => {
    h = harness();
    h.reply('GET', '/a', 200, { wrong: [] });
    h.reply('GET', '/b', 200, { events: [], next_cursor: 'same' });
    h.reply('GET', '/b', 200, { events: [], next_cursor: 'same' });
    const drain = async (path: string) => {
      for await (const _ of paginate(h.client, path, { itemsKey: 'events' })) {
        // drain
      }
    };
    await expect(drain('/a')).rejects.toBeInstanceOf(CliError);
    await expect(drain('/b')).rejects.toThrow('the server returned the same cursor twice for /b');
  });

  it('rejects a cursor that comes back after others (a cycle), and the one it started from', async () => {
    h = harness();
    for (const next of ['a', 'b', 'c', 'a']) h.reply('GET', '/c', 200, { events: [], next_cursor: next });
    h.reply('GET', '/d', 200, { events: [], next_cursor: 'x' });
    h.reply('GET', '/d', 200, { events: [], next_cursor: 'start' });
    const drain = async (path: string, startCursor?: string) => {
      for await (const _ of paginate(h.client, path, { itemsKey: 'events', startCursor })) {
        // drain
      }
    };
    await expect(drain('/c')).rejects.toThrow('the server returned the same cursor twice for /c');
    expect(h.seen.filter((s) => s.path.startsWith('/c')).map((s) => s.path)).toEqual([
      '/c',
      '/c?cursor=a',
      '/c?cursor=b',
      '/c?cursor=c',
    ]);
    await expect(drain('/d', 'start')).rejects.toThrow('the server returned the same cursor twice for /d');
  });

  it('rejects a page that starts with an item the walk already had, under a new cursor', async () => {
    h = harness();
    // The same page again; a page that starts where the last one ended; raw bytes the same way.
    h.reply('GET', '/e', 200, { events: [{ id: 'e1' }, { id: 'e2' }], next_cursor: 'n1' });
    h.reply('GET', '/e', 200, { events: [{ id: 'e1' }, { id: 'e2' }], next_cursor: 'n2' });
    h.reply('GET', '/f', 200, { events: [{ id: 'e1' }, { id: 'e2' }], next_cursor: 'n1' });
    h.reply('GET', '/f', 200, { events: [{ id: 'e2' }, { id: 'e3' }], next_cursor: 'n2' });
    const pages: unknown[][] = [];
    const drain = async (path: string) => {
      for await (const p of paginate(h.client, path, { itemsKey: 'events' })) pages.push(p.items);
    };
    await expect(drain('/e')).rejects.toThrow('the server returned the same items twice for /e');
    await expect(drain('/f')).rejects.toThrow('the server returned the same items twice for /f');
    // Each page was handed on once before the error: nothing read twice reached a consumer.
    expect(pages).toEqual([
      [{ id: 'e1' }, { id: 'e2' }],
      [{ id: 'e1' }, { id: 'e2' }],
    ]);
  });

  it('a long walk of distinct items is never taken for a repeat', async () => {
    h = harness();
    for (let n = 0; n < 30; n++) {
      h.reply('GET', '/g', 200, {
        events: [{ id: `e${n}a` }, { id: `e${n}b` }],
        next_cursor: n < 29 ? `c${n}` : null,
      });
    }
    let count = 0;
    for await (const p of paginate(h.client, '/g', { itemsKey: 'events' })) count += p.items.length;
    expect(count).toBe(60);
  });

  it('takes a decoded list that is not an array (the sliced events of an export), and still stops a repeat', async () => {
    h = harness();
    const page = (ids: string[], next: string) =>
      `{"events":[${ids.map((id) => `{"id":"${id}"}`).join(',')}],"next_cursor":"${next}"}`;
    h.reply('GET', '/h', 200, page(['e1', 'e2'], 'n1'));
    h.reply('GET', '/h', 200, page(['e2', 'e3'], 'n2'));
    const seen: string[] = [];
    const walk = async () => {
      for await (const p of paginate<
        Buffer,
        Iterable<Buffer> & { length: number; at(i: number): Buffer | undefined }
      >(h.client, '/h', { itemsKey: 'events', rawBody: true, decode: decodeEventsPage })) {
        expect(Array.isArray(p.items)).toBe(false);
        for (const e of p.items) seen.push(e.toString());
      }
    };
    await expect(walk()).rejects.toThrow('the server returned the same items twice for /h');
    expect(seen).toEqual(['{"id":"e1"}', '{"id":"e2"}']);
  });

  it('a parsed body cannot pose as such a list: JSON has no functions', async () => {
    h = harness();
    h.reply('GET', '/i', 200, { events: { length: 1, at: 'e1' }, next_cursor: null });
    h.reply('GET', '/i', 200, { events: 'e1', next_cursor: null });
    const drain = async () => {
      for await (const _ of paginate(h.client, '/i', { itemsKey: 'events' })) {
        // drain
      }
    };
    await expect(drain()).rejects.toThrow(`the server's response to /i is not a page of "events"`);
    await expect(drain()).rejects.toThrow(`the server's response to /i is not a page of "events"`);
  });
});
