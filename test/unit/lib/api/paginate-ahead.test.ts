// paginate's read-ahead (the export's pipelining): the request for page N+1 goes out as soon as page
// N's cursor is known from its undecoded body, before the decode; the decoded page still decides:
// a guess it does not confirm is aborted and the decoded cursor followed, and a page that fails
// its decode is refused with the request ahead of it aborted. A stub client records the order.
import { describe, expect, it } from 'vitest';
import { type Peek, paginate } from '../../../../src/lib/api/paginate.js';
import type { ApiClient, RequestOptions } from '../../../../src/lib/api/types.js';
import { decodeEventsPage, type EventTexts, peekEventsPage } from '../../../../src/lib/export/raw-page.js';

const body = (ids: string[], next: string | null) =>
  Buffer.from(JSON.stringify({ events: ids.map((id) => ({ id })), next_cursor: next }));

/** A client answering each cursor's page at once, noting every request and abort in `log`. */
function stub(pages: Record<string, Buffer>, log: string[], signals: Map<string, AbortSignal>) {
  const request = async (_method: string, _path: string, o: RequestOptions = {}) => {
    const cursor = String(o.query?.cursor ?? '-');
    // Requests aborted since the last one was made (an abort has no effect on one answered).
    for (const [c, sig] of signals) {
      if (sig.aborted && !log.includes(`aborted ${c}`)) log.push(`aborted ${c}`);
    }
    log.push(`request ${cursor}`);
    if (o.signal) signals.set(cursor, o.signal);
    const data = pages[cursor];
    if (!data) throw new Error(`no page for ${cursor}`);
    return { status: 200, headers: {}, requestId: undefined, data };
  };
  return { baseUrl: 'https://api.test', request } as unknown as ApiClient;
}

async function walk(
  client: ApiClient,
  log: string[],
  o: { readAhead: boolean; peek?: (data: unknown) => Peek | undefined },
) {
  const decode = (data: unknown) => {
    log.push('decode');
    return decodeEventsPage(data);
  };
  for await (const p of paginate<Buffer, EventTexts>(client, '/e', {
    itemsKey: 'events',
    rawBody: true,
    decode,
    readAhead: o.readAhead,
    ...(o.peek ? { peek: o.peek } : {}),
  })) {
    log.push(`page ${[...p.items].map((b) => JSON.parse(b.toString()).id).join(',')}`);
  }
}

const PAGES = { '-': body(['a', 'b'], 'c1'), c1: body(['c', 'd'], 'c2'), c2: body(['e'], null) };

describe('paginate with readAhead', () => {
  it('asks for the next page before decoding this one when peek reads its cursor', async () => {
    const log: string[] = [];
    await walk(stub(PAGES, log, new Map()), log, { readAhead: true, peek: peekEventsPage });
    expect(log).toEqual([
      'request -',
      'request c1',
      'decode',
      'page a,b',
      'request c2',
      'decode',
      'page c,d',
      'decode',
      'page e',
    ]);
  });

  it('without peek, asks for it once this page is decoded, before handing it over', async () => {
    const log: string[] = [];
    await walk(stub(PAGES, log, new Map()), log, { readAhead: true });
    expect(log).toEqual([
      'request -',
      'decode',
      'request c1',
      'page a,b',
      'decode',
      'request c2',
      'page c,d',
      'decode',
      'page e',
    ]);
  });

  it('without readAhead, only when the consumer asks (audit logs may stop after any page)', async () => {
    const log: string[] = [];
    await walk(stub(PAGES, log, new Map()), log, { readAhead: false, peek: peekEventsPage });
    expect(log).toEqual([
      'request -',
      'decode',
      'page a,b',
      'request c1',
      'decode',
      'page c,d',
      'request c2',
      'decode',
      'page e',
    ]);
  });

  it('a guess the decoded page does not confirm is aborted, and the decoded cursor followed', async () => {
    const log: string[] = [];
    const signals = new Map<string, AbortSignal>();
    const pages = { ...PAGES, wrong: body(['x'], null) };
    const peek = (data: unknown): Peek | undefined => {
      const real = peekEventsPage(data);
      return real?.nextCursor === 'c1' ? { ...real, nextCursor: 'wrong' } : real;
    };
    await walk(stub(pages, log, signals), log, { readAhead: true, peek });
    expect(log).toEqual([
      'request -',
      'request wrong',
      'decode',
      'aborted -',
      'aborted wrong',
      'request c1',
      'page a,b',
      'request c2',
      'decode',
      'page c,d',
      'decode',
      'page e',
    ]);
    expect(signals.get('c1')).not.toBe(signals.get('wrong'));
  });

  it('a page whose decode fails is refused, with nothing of it handed over and the request ahead aborted', async () => {
    const log: string[] = [];
    const signals = new Map<string, AbortSignal>();
    const good = PAGES.c1.toString();
    // Its start and its end are intact: only the middle is broken.
    const broken = Buffer.from(good.replace('{"id":"d"}', '{"id":"d"'));
    await expect(
      walk(stub({ ...PAGES, c1: broken }, log, signals), log, { readAhead: true, peek: peekEventsPage }),
    ).rejects.toThrow('the server sent a page of audit events that is not JSON');
    expect(log).toEqual(['request -', 'request c1', 'decode', 'page a,b', 'request c2', 'decode']);
    expect(signals.get('c2')?.aborted).toBe(true);
  });

  it('asks nothing ahead for a cursor already followed, nor after a page that repeats an item', async () => {
    const cycle: string[] = [];
    const back = { '-': body(['a'], 'c1'), c1: body(['b'], 'c1') };
    await expect(
      walk(stub(back, cycle, new Map()), cycle, { readAhead: true, peek: peekEventsPage }),
    ).rejects.toThrow('the server returned the same cursor twice for /e');
    expect(cycle).toEqual(['request -', 'request c1', 'decode', 'page a', 'decode']);

    const again: string[] = [];
    const same = { '-': body(['a', 'b'], 'c1'), c1: body(['a', 'x'], 'c2') };
    await expect(
      walk(stub(same, again, new Map()), again, { readAhead: true, peek: peekEventsPage }),
    ).rejects.toThrow('the server returned the same items twice for /e');
    expect(again).toEqual(['request -', 'request c1', 'decode', 'page a,b', 'decode']);
  });
});
