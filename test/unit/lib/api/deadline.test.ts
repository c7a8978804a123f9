/**
 * The client's deadline bounds a whole attempt, not each phase: a body that trickles a byte at a
 * time, never idle as long as undici's own body timeout, still ends at the deadline (exit 7, the
 * deadline named). It is a timer and a listener per attempt (lib/api/client.ts), released when
 * the attempt ends: the caller's abort still ends an attempt at once, as its own error.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../../../src/lib/api/client.js';
import type { ApiClient } from '../../../../src/lib/api/types.js';
import { type CertPair, makeCa, makeLeaf } from '../../../helpers/certs.js';
import { failure } from '../../../helpers/errors.js';
import { startHttps, type TestServer } from '../../../helpers/servers.js';

let ca: CertPair;
let leaf: CertPair;
const cleanup: (() => Promise<void>)[] = [];
beforeAll(async () => {
  ca = await makeCa();
  leaf = await makeLeaf(ca, { hosts: ['localhost', '127.0.0.1'] });
});
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** A server whose body never ends: a space every 50 ms (for at most 30 s). */
async function trickling(): Promise<TestServer> {
  const s = await startHttps({ ...leaf }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"events": [');
    const timer = setInterval(() => res.write(' '), 50);
    const stop = setTimeout(() => res.end(']}'), 30_000);
    res.on('close', () => {
      clearInterval(timer);
      clearTimeout(stop);
    });
  });
  cleanup.push(() => s.close());
  return s;
}

function client(port: number, timeoutMs: number): ApiClient {
  const c = createApiClient({
    baseUrl: `https://127.0.0.1:${port}`,
    ca: ca.cert,
    timeoutMs,
    maxRetries: 0,
    userAgent: 'fibonacci-cli/test',
    env: {},
    onRetry: () => {},
  });
  cleanup.push(() => c.close());
  return c;
}

describe('the deadline of an attempt', () => {
  it('ends a body that trickles without ever pausing long: exit 7, the deadline named', async () => {
    const s = await trickling();
    const started = Date.now();
    const e = await failure(() => client(s.port, 500).get('/x'));
    expect(e.exitCode).toBe(7);
    expect(e.message).toBe(`no response from 127.0.0.1:${s.port} within 0.5s`);
    // Loose: a shared machine stretches any wall-clock figure; without the deadline it is 30 s.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("the caller's abort ends the attempt at once, with the caller's reason", async () => {
    const s = await trickling();
    const controller = new AbortController();
    const reason = new Error('stopped by the caller');
    setTimeout(() => controller.abort(reason), 200);
    const started = Date.now();
    await expect(client(s.port, 30_000).get('/x', { signal: controller.signal })).rejects.toBe(reason);
    // Loose again: not waiting for the 30 s deadline is what it shows.
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
