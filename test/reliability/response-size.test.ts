// A server that answers with an endless body (or announces a huge one) must not grow the CLI until
// it runs out of memory: a body is read to at most 64 MiB, then one error line, exit 7, no retry.
// Before, `secret list` against such a server reached 2 GB in 30 s and, with a longer --timeout,
// died with V8's out-of-memory trace. The built CLI against a hostile HTTPS server.
import { writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCa, makeLeaf } from '../helpers/certs.js';
import { startHttps, type TestServer } from '../helpers/servers.js';
import { runCli } from '../helpers/spawn-cli.js';
import { storedOnly } from '../helpers/status-stored.js';
import { tempDir } from '../helpers/temp-dir.js';

const KEY = 'fib_test_bodySize_0123456789abcdef';

let server: TestServer;
let requests = 0;
let caFile: string;
const CHUNK = Buffer.alloc(1024 * 1024, 'A');

function endless(res: ServerResponse, status: number): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.write('{"detail":"');
  const pump = () => {
    while (res.write(CHUNK)) {
      if (res.destroyed) return;
    }
    res.once('drain', pump);
  };
  res.on('close', () => res.removeAllListeners('drain'));
  pump();
}

beforeAll(async () => {
  const ca = await makeCa();
  caFile = join(tempDir('fib-body-size-'), 'ca.pem');
  writeFileSync(caFile, ca.cert);
  server = await startHttps({ ...(await makeLeaf(ca)), minVersion: 'TLSv1.3' }, (req, res) => {
    requests++;
    if (req.url?.startsWith('/api/v1/secrets')) return endless(res, 200);
    if (req.url?.startsWith('/api/v1/auth/me')) return endless(res, 500);
    // An honest Content-Length that is too large: refused before a byte of it is read.
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(1024 ** 3) });
    res.write('{');
  });
});
afterAll(() => server?.close());

const run = (args: string[]) =>
  runCli(args, {
    env: {
      FIBONACCI_BASE_URL: `https://127.0.0.1:${server.port}`,
      FIBONACCI_CA_CERT: caFile,
      FIBONACCI_API_KEY: KEY,
      FIBONACCI_TIMEOUT: '120',
    },
    timeoutMs: 60_000,
  });

const error = (host: string) =>
  `error: the response from ${host} is larger than 64 MiB, the most an answer may be\n` +
  'hint: check --api-url: that server does not answer as the Fibonacci API does\n';

describe('a response body without end', () => {
  it.each([
    ['secret list (200, endless)', ['secret', 'list']],
    ['auth status (500, endless)', ['auth', 'status']],
    ['workflow list (a 1 GiB Content-Length)', ['workflow', 'list']],
  ])('%s: exit 7, one error line, one request (no retry)', async (_label, args) => {
    requests = 0;
    const r = await run(args);
    // auth status says what is stored when the server failed it (the key masked).
    const stdout = args[0] === 'auth' ? storedOnly(`https://127.0.0.1:${server.port}`, KEY) : '';
    expect(r).toEqual({ code: 7, stdout, stderr: error(`127.0.0.1:${server.port}`) });
    expect(requests).toBe(1);
  });
});
