// A server that answers every request `429` with a Retry-After that is neither delta-seconds nor an
// HTTP-date. Date.parse read "-5" as a date in May 2001, so each retry went at once: `--retries 1000`
// sent 1,001 requests in a second. Such a value is no Retry-After at all: the CLI waits its backoff
// with jitter (README.md "Network behaviour"), the server sees the attempts spaced by it, and the
// final hint names no server wait.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCa, makeLeaf } from '../helpers/certs.js';
import { startHttps, type TestServer } from '../helpers/servers.js';
import { runCli } from '../helpers/spawn-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const KEY = `${'fib_test'}_retry_after_canary_0123456789`;
let caPath: string;
let server: TestServer;
let header = '';
const arrivals: number[] = [];

beforeAll(async () => {
  const ca = await makeCa();
  caPath = join(tempDir(), 'ca.pem');
  writeFileSync(caPath, ca.cert);
  server = await startHttps({ ...(await makeLeaf(ca)), minVersion: 'TLSv1.3' }, (_req, res) => {
    arrivals.push(performance.now());
    res.writeHead(429, { 'content-type': 'application/json', 'retry-after': header });
    res.end(JSON.stringify({ error: { code: 'rate_limited', message: 'too many requests' } }));
  });
});
afterAll(async () => {
  await server?.close();
});

describe('a Retry-After that is neither delta-seconds nor an HTTP-date', () => {
  it.each(['-5', '-1', '1.5', '2001-05-01'])(
    'Retry-After: %s: the retries wait the backoff',
    async (value) => {
      header = value;
      arrivals.length = 0;
      const r = await runCli(['secret', 'list'], {
        env: {
          FIBONACCI_BASE_URL: `https://127.0.0.1:${server.port}`,
          FIBONACCI_CA_CERT: caPath,
          FIBONACCI_API_KEY: KEY,
          FIBONACCI_MAX_RETRIES: '2',
        },
        timeoutMs: 60_000,
      });
      const lines = r.stderr.split('\n').filter((l) => l !== '');
      expect(r.code).toBe(6);
      // The backoff's first two steps: 250–500 ms, then 500–1000 ms (half fixed, half jitter).
      expect(lines.slice(0, 2)).toEqual([
        expect.stringMatching(/^retrying in 0\.[345]s: 429 Too Many Requests \(attempt 2 of 3\)$/),
        expect.stringMatching(/^retrying in (0\.[5-9]|1)s: 429 Too Many Requests \(attempt 3 of 3\)$/),
      ]);
      expect(lines.slice(2)).toEqual([
        `error: rate limited by 127.0.0.1:${server.port}: too many requests`,
        'hint: wait a moment and try again; --retries sets how often the CLI waits and retries by itself',
      ]);
      // Three attempts at the server, each after at least the fixed half of its backoff step (a
      // lower bound only: load can only make the gaps longer).
      expect(arrivals).toHaveLength(3);
      const [a, b, c] = arrivals as [number, number, number];
      expect(b - a).toBeGreaterThanOrEqual(240);
      expect(c - b).toBeGreaterThanOrEqual(490);
    },
  );
});
