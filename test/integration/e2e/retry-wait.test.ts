// How long a retry waits, and how many retries may be asked for (hostile pass 14, H14b-4): the wait
// after a 429/503 with Retry-After was the server's value alone, so `Retry-After: 0` sent every retry
// at once; it is now the longer of Retry-After and the backoff. `--retries` took what Number() takes
// (`1e3`: a thousand retries; `0x5`; ` 3`): now digits, 0 to 10, else `invalid --retries`, exit 2.
import { writeFileSync } from 'node:fs';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCa, makeLeaf } from '../../helpers/certs.js';
import { startHttps, type TestServer } from '../../helpers/servers.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const KEY = `${'fib_test'}_retry_wait_canary_0123456789`;
let caPath: string;
let server: TestServer;
let status = 429;
let retryAfter = '0';
const arrivals: number[] = [];

beforeAll(async () => {
  const ca = await makeCa();
  caPath = join(tempDir(), 'ca.pem');
  writeFileSync(caPath, ca.cert);
  server = await startHttps({ ...(await makeLeaf(ca)), minVersion: 'TLSv1.3' }, (_req, res) => {
    arrivals.push(performance.now());
    res.writeHead(status, { 'content-type': 'application/json', 'retry-after': retryAfter });
    res.end(JSON.stringify({ error: { code: 'rate_limited', message: 'too many requests' } }));
  });
});
afterAll(async () => {
  await server?.close();
});

const env = (extra: Record<string, string> = {}) => ({
  FIBONACCI_BASE_URL: `https://127.0.0.1:${server.port}`,
  FIBONACCI_CA_CERT: caPath,
  FIBONACCI_API_KEY: KEY,
  ...extra,
});

describe('the wait before a retry is the longer of Retry-After and the backoff', () => {
  it.each([
    [429, 'Too Many Requests'],
    [503, 'Service Unavailable'],
  ])('%i with Retry-After: 0: the retries wait the backoff, not 0 s', async (code, text) => {
    status = code;
    retryAfter = '0';
    arrivals.length = 0;
    const r = await runCli(['secret', 'list'], {
      env: env({ FIBONACCI_MAX_RETRIES: '2' }),
      timeoutMs: 60_000,
    });
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    expect(lines.slice(0, 2)).toEqual([
      expect.stringMatching(new RegExp(`^retrying in 0\\.[345]s: ${code} ${text} \\(attempt 2 of 3\\)$`)),
      expect.stringMatching(new RegExp(`^retrying in (0\\.[5-9]|1)s: ${code} ${text} \\(attempt 3 of 3\\)$`)),
    ]);
    expect(arrivals).toHaveLength(3);
    const [a, b, c] = arrivals as [number, number, number];
    expect(b - a).toBeGreaterThanOrEqual(240);
    expect(c - b).toBeGreaterThanOrEqual(490);
  });

  it('Retry-After: 1 is still honoured when it is the longer', async () => {
    status = 429;
    retryAfter = '1';
    arrivals.length = 0;
    const r = await runCli(['secret', 'list'], {
      env: env({ FIBONACCI_MAX_RETRIES: '1' }),
      timeoutMs: 60_000,
    });
    expect(r.stderr.split('\n')[0]).toBe('retrying in 1s: 429 Too Many Requests (attempt 2 of 2)');
    expect(r.code).toBe(6);
  });
});

describe('--retries takes digits, 0 to 10', () => {
  it.each(['1e3', '0x5', ' 3', '3 ', '+3', '11', '1000', '-1', '1.0', ''])(
    '--retries %j: exit 2',
    async (value) => {
      arrivals.length = 0;
      const r = await runCli(['--retries', value, 'secret', 'list'], { env: env() });
      expect([r.code, r.stdout, r.stderr]).toEqual([
        2,
        '',
        `error: invalid --retries "${value}": expected a whole number from 0 to 10\nhint: \`fibonacci --help\` lists --retries with the other global flags\n`,
      ]);
      expect(arrivals).toEqual([]);
    },
  );

  it.each(['1e3', '0x5', ' 3'])('FIBONACCI_MAX_RETRIES=%j: exit 2 too', async (value) => {
    const r = await runCli(['secret', 'list'], { env: env({ FIBONACCI_MAX_RETRIES: value }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: invalid FIBONACCI_MAX_RETRIES ".*": expected a whole number from 0 to 10\n/,
    );
  });

  it.each(['1e1', '0x10', ' 2'])('--timeout %j is refused the same way', async (value) => {
    const r = await runCli(['--timeout', value, 'secret', 'list'], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: invalid --timeout ".*": expected a number of seconds more than 0, without a unit \(30, 2\.5\)\n/,
    );
  });

  it.each(['0', '10'])(
    '--retries %s is accepted (a 404 is not retried: one request, its own error)',
    async (value) => {
      status = 404;
      arrivals.length = 0;
      const r = await runCli(['--retries', value, 'secret', 'list'], { env: env() });
      expect(r.stderr).not.toMatch(/invalid --retries/);
      expect(arrivals).toHaveLength(1);
    },
  );
});

// A-SHOWN (settings.ts parsePositiveNumber): `--timeout ghp_…` repeated the token verbatim in the
// error; the value is now shown by shown-value.ts's rule, for both settings, from flag or variable.
describe('a credential typed as --timeout or --retries is not repeated', () => {
  const token = 'ghp_aB3dE5gH7jK9mN1pQ3sT5vW7';
  it.each([
    [['--timeout', token], {}, '--timeout', 'a number of seconds more than 0, without a unit (30, 2.5)'],
    [['--retries', token], {}, '--retries', 'a whole number from 0 to 10'],
    [
      [],
      { FIBONACCI_TIMEOUT: token },
      'FIBONACCI_TIMEOUT',
      'a number of seconds more than 0, without a unit (30, 2.5)',
    ],
    [[], { FIBONACCI_MAX_RETRIES: token }, 'FIBONACCI_MAX_RETRIES', 'a whole number from 0 to 10'],
  ] as const)('%j %j: exit 2, its length only', async (flags, extra, from, form) => {
    arrivals.length = 0;
    const r = await runCli([...flags, 'secret', 'list'], { env: env(extra) });
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr.split('\n')[0]).toBe(
      `error: invalid ${from} (28 characters, not repeated here): expected ${form}`,
    );
    expect(r.stderr).not.toContain(token);
    expect(arrivals).toEqual([]);
  });
});

// Newcomer pass 14, NC-26: `--timeout 0.001` was reported as "within 0s" (one decimal).
describe('the timeout is said as it was given', () => {
  it('--timeout 0.001 against a server that never answers: "within 0.001s"', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((sock) => void sockets.push(sock));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const { port } = silent.address() as AddressInfo;
    try {
      const r = await runCli(['--timeout', '0.001', '--retries', '0', 'secret', 'list'], {
        env: env({ FIBONACCI_BASE_URL: `https://127.0.0.1:${port}` }),
      });
      expect([r.code, r.stdout]).toEqual([7, '']);
      expect(r.stderr.split('\n')[0]).toBe(`error: no response from 127.0.0.1:${port} within 0.001s`);
    } finally {
      silent.close();
      for (const s of sockets) s.destroy();
    }
  });
});
