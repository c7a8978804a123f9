// A server whose cursors lead in a circle (a → b → a) must not keep the CLI reading forever: every
// cursor of a walk is remembered, and one that comes back ends it with one error line. The built
// CLI against a hostile HTTPS server that answers the audit endpoint with such pages, counting
// the requests it gets. Before, only a cursor repeated back to back was caught.
import { readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeCa, makeLeaf } from '../helpers/certs.js';
import { startHttps, type TestServer } from '../helpers/servers.js';
import { runCli, spawnCli, waitExit } from '../helpers/spawn-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/** cursor (none for the first page) → the cursor the server answers next: a, b, then a again. */
const NEXT: Record<string, string> = { '': 'cur_a', cur_a: 'cur_b', cur_b: 'cur_a' };

const event = (n: number) => ({
  id: `evt_${n}`,
  timestamp: `2026-11-29T10:00:0${n}.000Z`,
  event_type: 'secret.set',
  workflow_id: null,
  user_id: 'user-1',
  ip_address: '127.0.0.1',
  action: 'set',
  status: 'success',
  duration_ms: null,
  metadata: {},
});

let server: TestServer;
let requests: string[] = [];
/** 'cycle': one new event a page, cursors a → b → a. 'fresh': the same two events every page, under a new cursor each time. */
let mode: 'cycle' | 'fresh' = 'cycle';
let env: Record<string, string>;
beforeAll(async () => {
  const ca = await makeCa();
  const dir = tempDir('fib-cursor-cycle-');
  writeFileSync(join(dir, 'ca.pem'), ca.cert);
  server = await startHttps(
    { ...(await makeLeaf(ca)), minVersion: 'TLSv1.3' },
    (req: IncomingMessage, res: ServerResponse) => {
      const url = new URL(req.url ?? '/', 'https://x');
      const cursor = url.searchParams.get('cursor') ?? '';
      requests.push(cursor);
      if (requests.length > 50) {
        // A CLI that follows the circle fails here rather than reading (and printing) forever.
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"detail":"50 pages and counting"}');
        return;
      }
      const body =
        mode === 'cycle'
          ? { events: [event(requests.length % 10)], next_cursor: NEXT[cursor] ?? null }
          : { events: [event(1), event(2)], next_cursor: `cur_${requests.length}` };
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req_cycle' });
      res.end(JSON.stringify(body));
    },
  );
  env = {
    FIBONACCI_BASE_URL: `https://127.0.0.1:${server.port}`,
    FIBONACCI_CA_CERT: join(dir, 'ca.pem'),
    FIBONACCI_API_KEY: 'fib_test_cursorCycle_0123456789abcdef',
    FIBONACCI_MAX_RETRIES: '0',
  };
});
afterAll(() => server?.close());
beforeEach(() => {
  requests = [];
  mode = 'cycle';
});

const ERROR =
  'error: the server returned the same cursor twice for /api/v1/audit/events\n' +
  'hint: its pages lead back to one already read, so they would repeat forever; report it to whoever runs that server\n';

describe('cursors that lead in a circle', () => {
  it('audit logs --limit 0: the pages before the one that leads back are printed, then one error; three requests in all', async () => {
    const r = await runCli(['audit', 'logs', '--limit', '0'], { env, timeoutMs: 20_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(ERROR);
    // The third page's cursor leads back: the page is refused whole, as an export refuses it.
    expect(r.stdout.split('\n').filter((l) => l !== '')).toHaveLength(2);
    expect(requests).toEqual(['', 'cur_a', 'cur_b']);
  });

  it('audit export: stops (exit 8) with the same reason, the checkpoint at the last cursor it accepted', async () => {
    const out = join(tempDir('fib-cursor-export-'), 'events.ndjson');
    const r = await runCli(['audit', 'export', '--format', 'ndjson', '--output', out], {
      env,
      timeoutMs: 20_000,
    });
    expect(r.code).toBe(8);
    expect(r.stderr).toMatch(
      /^error: export stopped after 2 events: the server returned the same cursor twice for \/api\/v1\/audit\/events\nhint: resume with: /,
    );
    expect(requests).toEqual(['', 'cur_a', 'cur_b']);
    // Never the refused cursor (cur_a again): a resume would follow it and write its events twice.
    const checkpoint = JSON.parse(readFileSync(`${out}.checkpoint.json`, 'utf8'));
    expect([checkpoint.cursor, checkpoint.count]).toEqual(['cur_b', 2]);
  });

  it.each([
    ['its history walk (--limit 0)', '0', ['', 'cur_a', 'cur_b']],
    [
      'its first poll (--limit 1: one page of history, then a poll that follows the cursors)',
      '1',
      ['', '', 'cur_a', 'cur_b'],
    ],
  ])(
    'audit logs --follow: %s ends with the error instead of reading forever',
    async (_label, limit, seen) => {
      const proc = spawnCli(['audit', 'logs', '--follow', '--limit', limit], env);
      proc.child.stdin.end();
      const code = await waitExit(proc, 'audit logs --follow', 20_000);
      expect(code).toBe(1);
      expect(proc.stderr()).toBe(ERROR);
      expect(requests).toEqual(seen);
    },
  );
});

const SAME_ITEMS =
  'error: the server returned the same items twice for /api/v1/audit/events\n' +
  'hint: its pages do not move forward, so they would repeat forever; report it to whoever runs that server\n';

describe('the same events again under ever-new cursors', () => {
  beforeEach(() => {
    mode = 'fresh';
  });

  it('audit logs --limit 0: the first page is printed once, then one error; two requests', async () => {
    const r = await runCli(['audit', 'logs', '--limit', '0'], { env, timeoutMs: 20_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(SAME_ITEMS);
    expect(r.stdout.split('\n').filter((l) => l !== '')).toHaveLength(2);
    expect(requests).toEqual(['', 'cur_1']);
  });

  it('audit export: stops (exit 8) after the two events, the file holding each once', async () => {
    const out = join(tempDir('fib-cursor-export-'), 'events.ndjson');
    const r = await runCli(['audit', 'export', '--format', 'ndjson', '--output', out], {
      env,
      timeoutMs: 20_000,
    });
    expect(r.code).toBe(8);
    expect(r.stderr).toMatch(
      /^error: export stopped after 2 events: the server returned the same items twice for \/api\/v1\/audit\/events\nhint: resume with: /,
    );
    expect(requests).toEqual(['', 'cur_1']);
  });

  it('audit logs --follow --limit 0: ends with the error instead of printing the events again', async () => {
    const proc = spawnCli(['audit', 'logs', '--follow', '--limit', '0'], env);
    proc.child.stdin.end();
    const code = await waitExit(proc, 'audit logs --follow', 20_000);
    expect(code).toBe(1);
    expect(proc.stderr()).toBe(SAME_ITEMS);
    expect(
      proc
        .stdout()
        .split('\n')
        .filter((l) => l !== ''),
    ).toHaveLength(2);
  });
});
