// `audit export` asks for page N+1 as soon as page N's body has arrived, reading its cursor from the
// body's end, before the body is decoded. That guess must never let anything through that the full
// decode refuses: a page whose end is well-formed but whose middle is broken still stops the export
// (exit 8) with nothing of that page written, the checkpoint at the page before; and a page whose
// guessed cursor was already followed (a cycle) or whose first event repeats sends no request for
// it. The built CLI over real TLS against a server that answers with such pages, counting requests.
import { readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeCa, makeLeaf } from '../helpers/certs.js';
import { startHttps, type TestServer } from '../helpers/servers.js';
import { runCli } from '../helpers/spawn-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const event = (n: number) => ({
  id: `evt_${n}`,
  timestamp: `2026-11-29T10:00:${String(n % 60).padStart(2, '0')}.000Z`,
  event_type: 'secret.set',
  workflow_id: null,
  user_id: 'user-1',
  ip_address: '127.0.0.1',
  action: 'set',
  status: 'success',
  duration_ms: null,
  metadata: {},
});

/** Page `n` (1-based): events 3n-2 … 3n, compact as the API sends it; the cursor after it. */
const page = (n: number, next: string | null) =>
  JSON.stringify({ events: [event(3 * n - 2), event(3 * n - 1), event(3 * n)], next_cursor: next });

/** Page 2 with its middle event's closing brace gone: its start and its end are as good as ever. */
function damaged(): string {
  const good = page(2, 'cur_2');
  const middle = JSON.stringify(event(5));
  const at = good.indexOf(middle) + middle.length - 1;
  return good.slice(0, at) + good.slice(at + 1);
}

let server: TestServer;
let requests: string[] = [];
let answer: (cursor: string) => string;
let env: Record<string, string>;
beforeAll(async () => {
  const ca = await makeCa();
  const dir = tempDir('fib-read-ahead-');
  writeFileSync(join(dir, 'ca.pem'), ca.cert);
  server = await startHttps(
    { ...(await makeLeaf(ca)), minVersion: 'TLSv1.3' },
    (req: IncomingMessage, res: ServerResponse) => {
      const cursor = new URL(req.url ?? '/', 'https://x').searchParams.get('cursor') ?? '';
      requests.push(cursor);
      if (requests.length > 20) {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"detail":"20 pages and counting"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req_ahead' });
      res.end(answer(cursor));
    },
  );
  env = {
    FIBONACCI_BASE_URL: `https://127.0.0.1:${server.port}`,
    FIBONACCI_CA_CERT: join(dir, 'ca.pem'),
    FIBONACCI_API_KEY: 'fib_test_readAhead_0123456789abcdef',
    FIBONACCI_MAX_RETRIES: '0',
  };
});
afterAll(() => server?.close());
beforeEach(() => {
  requests = [];
});

const exportTo = async (out: string) =>
  runCli(['audit', 'export', '--format', 'ndjson', '--output', out, '--page-size', '3'], {
    env,
    timeoutMs: 20_000,
  });

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '');

describe('audit export reads ahead, and decides on the decoded page', () => {
  it('a page broken in its middle after a good cursor stops the export: nothing of it is written', async () => {
    answer = (cursor) =>
      ({ '': page(1, 'cur_1'), cur_1: damaged(), cur_2: page(3, null) })[cursor] ?? page(9, null);
    const out = join(tempDir('fib-read-ahead-out-'), 'events.ndjson');
    const r = await exportTo(out);
    expect(r.code).toBe(8);
    expect(r.stderr).toMatch(
      /^error: export stopped after 3 events: the server sent a page of audit events that is not JSON\nhint: resume with: /,
    );
    // Page 1 only, each event as the server sent it; the checkpoint says so too.
    expect(lines(`${out}.partial`)).toEqual([1, 2, 3].map((n) => JSON.stringify(event(n))));
    const checkpoint = JSON.parse(readFileSync(`${out}.checkpoint.json`, 'utf8'));
    expect(checkpoint).toMatchObject({ count: 3, cursor: 'cur_1', complete: false });
    // The request for the page after it may have gone out early; nothing of its answer was used.
    expect(requests.slice(0, 2)).toEqual(['', 'cur_1']);
    expect(requests.length).toBeLessThanOrEqual(3);
  });

  it('an intact walk reads every page once, in order, and the file holds every event', async () => {
    answer = (cursor) =>
      ({ '': page(1, 'cur_1'), cur_1: page(2, 'cur_2'), cur_2: page(3, null) })[cursor] ?? page(9, null);
    const out = join(tempDir('fib-read-ahead-out-'), 'events.ndjson');
    const r = await exportTo(out);
    expect(r.code, r.stderr).toBe(0);
    expect(lines(out)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => JSON.stringify(event(n))));
    expect(requests).toEqual(['', 'cur_1', 'cur_2']);
  });

  it('a cursor that leads back is never asked for, even ahead: the pages before the one that gives it are written, then exit 8', async () => {
    answer = (cursor) => ({ '': page(1, 'cur_1'), cur_1: page(2, 'cur_1') })[cursor] ?? page(9, null);
    const out = join(tempDir('fib-read-ahead-out-'), 'events.ndjson');
    const r = await exportTo(out);
    expect(r.code).toBe(8);
    expect(r.stderr).toMatch(
      /^error: export stopped after 3 events: the server returned the same cursor twice for \/api\/v1\/audit\/events\n/,
    );
    expect(requests).toEqual(['', 'cur_1']);
    expect(lines(`${out}.partial`)).toHaveLength(3);
  });

  it('a page that repeats the first event of the last one sends no request ahead of its refusal', async () => {
    answer = (cursor) => ({ '': page(1, 'cur_1'), cur_1: page(1, 'cur_2') })[cursor] ?? page(9, null);
    const out = join(tempDir('fib-read-ahead-out-'), 'events.ndjson');
    const r = await exportTo(out);
    expect(r.code).toBe(8);
    expect(r.stderr).toMatch(
      /^error: export stopped after 3 events: the server returned the same items twice/,
    );
    expect(requests).toEqual(['', 'cur_1']);
  });
});
