/**
 * The client against real TLS servers on 127.0.0.1: what a user behind each kind of broken server
 * sees, and proof that a refused handshake never carried a request (so never the key).
 */
import type { TLSSocket } from 'node:tls';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../../../src/lib/api/client.js';
import type { ApiClient, ApiClientOptions } from '../../../../src/lib/api/types.js';
import { type CertPair, makeCa, makeClientCert, makeLeaf } from '../../../helpers/certs.js';
import { failure } from '../../../helpers/errors.js';
import { freePort, startHttps, startProxy, startSilent, type TestServer } from '../../../helpers/servers.js';

const KEY = 'fib_test_integration_key_0123456789';

let ca: CertPair;
let leaf: CertPair;
let clientCert: CertPair;
const cleanup: (() => Promise<void>)[] = [];

beforeAll(async () => {
  ca = await makeCa();
  leaf = await makeLeaf(ca, { hosts: ['localhost', '127.0.0.1'] });
  clientCert = await makeClientCert(ca);
});

afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function server(...args: Parameters<typeof startHttps>): Promise<TestServer> {
  const s = await startHttps(...args);
  cleanup.push(() => s.close());
  return s;
}

function client(port: number, overrides: Partial<ApiClientOptions> = {}): ApiClient & { retries: string[] } {
  const retries: string[] = [];
  const c = createApiClient({
    baseUrl: `https://127.0.0.1:${port}`,
    apiKey: KEY,
    apiKeyOrigin: `https://127.0.0.1:${port}`,
    ca: ca.cert,
    timeoutMs: 3000,
    maxRetries: 0,
    userAgent: 'fibonacci-cli/test',
    env: {},
    onRetry: (m) => retries.push(m),
    ...overrides,
  });
  cleanup.push(() => c.close());
  return Object.assign(c, { retries });
}

describe('TLS', () => {
  it('talks TLS 1.3 to a server whose CA is given, sending the key and User-Agent', async () => {
    const s = await server({ ...leaf, minVersion: 'TLSv1.3' });
    const data = await client(s.port).get('/api/v1/auth/me');
    expect(data).toEqual({ ok: true, path: '/api/v1/auth/me' });
    const [req] = s.requests;
    expect((req!.socket as TLSSocket).getProtocol()).toBe('TLSv1.3');
    expect(req?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req?.headers['user-agent']).toBe('fibonacci-cli/test');
  });

  it('checks the host name against localhost too', async () => {
    const s = await server({ ...leaf });
    const url = `https://localhost:${s.port}`;
    expect(await client(s.port, { baseUrl: url, apiKeyOrigin: url }).get('/x')).toMatchObject({
      ok: true,
    });
  });

  it('refuses a TLS 1.2-only server', async () => {
    const s = await server({ ...leaf, maxVersion: 'TLSv1.2' });
    const e = await failure(() => client(s.port).get('/api/v1/auth/me'));
    expect(e.kind).toBe('network');
    expect(e.exitCode).toBe(7);
    expect(e.message).toBe(`the server at 127.0.0.1:${s.port} does not support TLS 1.3`);
    expect(s.requests).toHaveLength(0);
  });

  it('refuses a certificate from a CA it was not given', async () => {
    const s = await server({ ...leaf });
    const e = await failure(() => client(s.port, { ca: undefined }).get('/api/v1/auth/me'));
    expect(e.exitCode).toBe(7);
    expect(e.message).toBe(`certificate of 127.0.0.1:${s.port} is not trusted`);
    expect(e.hint).toBe('pass its CA with --ca-cert or FIBONACCI_CA_CERT');
    expect(s.requests).toHaveLength(0);
  });

  it('refuses a certificate from another CA even when a CA is given', async () => {
    const other = await makeLeaf(await makeCa({ commonName: 'Other CA' }));
    const s = await server({ ...other });
    const e = await failure(() => client(s.port).get('/x'));
    expect(e.message).toBe(`certificate of 127.0.0.1:${s.port} is not trusted`);
    expect(s.requests).toHaveLength(0);
  });

  it('refuses an expired certificate', async () => {
    const s = await server({ ...(await makeLeaf(ca, { expired: true })) });
    const e = await failure(() => client(s.port).get('/x'));
    expect(e.exitCode).toBe(7);
    expect(e.message).toBe(`certificate of 127.0.0.1:${s.port} has expired`);
    expect(s.requests).toHaveLength(0);
  });

  it('refuses a certificate for another host name', async () => {
    const s = await server({ ...(await makeLeaf(ca, { hosts: ['other.example'] })) });
    const e = await failure(() => client(s.port).get('/x'));
    expect(e.exitCode).toBe(7);
    expect(e.message).toMatch(
      new RegExp(`^certificate of 127\\.0\\.0\\.1:${s.port} is for another host name`),
    );
    expect(s.requests).toHaveLength(0);
  });
});

describe('mTLS', () => {
  const mtls = () => ({ ...leaf, ca: ca.cert, requestCert: true, rejectUnauthorized: true });

  it('is accepted with a client certificate', async () => {
    const s = await server(mtls());
    const c = client(s.port, { clientCert: clientCert.cert, clientKey: clientCert.key });
    expect(await c.get('/x')).toMatchObject({ ok: true });
    const peer = (s.requests[0]!.socket as TLSSocket).getPeerCertificate();
    expect(peer.subject.CN).toBe('fibonacci-test-client');
  });

  it('fails clearly without one, and no request reaches the server', async () => {
    const s = await server(mtls());
    const e = await failure(() => client(s.port).get('/x'));
    expect(e.exitCode).toBe(7);
    expect(e.message).toBe(
      `the server at 127.0.0.1:${s.port} asked for a client certificate and closed the connection without one`,
    );
    expect(e.hint).toMatch(/^set FIBONACCI_CLIENT_CERT and FIBONACCI_CLIENT_KEY/);
    expect(s.requests).toHaveLength(0);
  });

  it('a client key that does not match the certificate is a configuration error (exit 3)', async () => {
    const s = await server(mtls());
    // Refused while building the TLS context, before any connection is made.
    const e = await failure(() =>
      client(s.port, { clientCert: clientCert.cert, clientKey: leaf.key }).get('/x'),
    );
    expect(e.kind).toBe('config');
    expect(e.exitCode).toBe(3);
    expect(e.message).toMatch(/^cannot use the client certificate or key: /);
    // Only the two files involved: --ca-cert has nothing to do with it (newcomer pass 14, NC-18).
    expect(e.hint).toBe(
      'check the PEM files given to --client-cert and --client-key (FIBONACCI_CLIENT_CERT, FIBONACCI_CLIENT_KEY): a certificate and its own private key',
    );
    expect(s.requests).toHaveLength(0);
  });

  it('fails clearly with a client certificate from a CA the server does not trust', async () => {
    const stranger = await makeClientCert(await makeCa({ commonName: 'Stranger CA' }));
    const s = await server(mtls());
    const e = await failure(() =>
      client(s.port, { clientCert: stranger.cert, clientKey: stranger.key }).get('/x'),
    );
    expect(e.exitCode).toBe(7);
    expect(e.message).toMatch(
      /closed the connection \(it may require a client certificate|refused the client certificate/,
    );
    expect(s.requests).toHaveLength(0);
  });
});

// A 500 ms timeout ends the attempt: the bound is loose (5 s, against the 30 s default) because these
// machines are shared and a busy one stretches any wall-clock figure; the message names the deadline.
describe('stalls and refusals', () => {
  it('a server that accepts TCP and never answers fails within the timeout', async () => {
    const s = await startSilent();
    cleanup.push(() => s.close());
    const started = Date.now();
    const e = await failure(() => client(s.port, { timeoutMs: 500 }).get('/x'));
    const elapsed = Date.now() - started;
    expect(e.exitCode).toBe(7);
    expect(e.message).toBe(`no response from 127.0.0.1:${s.port} within 0.5s`);
    expect(elapsed).toBeLessThan(5000);
  });

  it('a TLS server that never sends headers fails within the timeout', async () => {
    const s = await server({ ...leaf }, () => {});
    const started = Date.now();
    const e = await failure(() => client(s.port, { timeoutMs: 500 }).get('/x'));
    expect(e.message).toBe(`no response from 127.0.0.1:${s.port} within 0.5s`);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a body that stalls half-way fails within the timeout', async () => {
    const s = await server({ ...leaf }, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"events": [');
    });
    const started = Date.now();
    const e = await failure(() => client(s.port, { timeoutMs: 500 }).get('/x'));
    expect(e.message).toBe(`no response from 127.0.0.1:${s.port} within 0.5s`);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a closed port is "cannot connect"', async () => {
    const port = await freePort();
    const e = await failure(() => client(port).get('/x'));
    expect(e.exitCode).toBe(7);
    expect(e.message).toBe(`cannot connect to 127.0.0.1:${port}: connection refused`);
    // On a loopback address, most often the emulator is not started (newcomer pass 12).
    expect(e.hint).toBe(
      `check --api-url (FIBONACCI_BASE_URL) and that the server is running (\`fibonacci emulator start --port ${port}\` starts the local one there)`,
    );
  });

  it('503 with Retry-After: 1 is retried once after a second, announced', async () => {
    let n = 0;
    const s = await server({ ...leaf }, (_req, res) => {
      n++;
      if (n === 1) res.writeHead(503, { 'retry-after': '1', 'content-type': 'application/json' }).end('{}');
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    // The wait is asked of the injected sleep, in no real time.
    const waits: number[] = [];
    const c = client(s.port, { maxRetries: 3, sleep: async (ms) => void waits.push(ms) });
    expect(await c.get('/x')).toEqual({ ok: true });
    expect(waits).toEqual([1000]);
    expect(c.retries).toEqual(['retrying in 1s: 503 Service Unavailable (attempt 2 of 4)']);
    expect(s.requests).toHaveLength(2);
  });
});

describe('proxy', () => {
  it('tunnels through HTTPS_PROXY with the same TLS rules, and NO_PROXY bypasses it', async () => {
    const proxy = await startProxy();
    cleanup.push(() => proxy.close());
    const s = await server({ ...leaf, minVersion: 'TLSv1.3' });
    const env = { HTTPS_PROXY: `http://127.0.0.1:${proxy.port}` };
    expect(await client(s.port, { env }).get('/x')).toMatchObject({ ok: true });
    expect(proxy.tunnels).toEqual([`127.0.0.1:${s.port}`]);
    expect(s.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);

    const e = await failure(() => client(s.port, { env, ca: undefined }).get('/x'));
    expect(e.message).toBe(`certificate of 127.0.0.1:${s.port} is not trusted`);

    await client(s.port, { env: { ...env, NO_PROXY: '127.0.0.1' } }).get('/x');
    expect(proxy.tunnels).toHaveLength(2);
  });

  it('refuses a TLS 1.2-only server behind the proxy too', async () => {
    const proxy = await startProxy();
    cleanup.push(() => proxy.close());
    const s = await server({ ...leaf, maxVersion: 'TLSv1.2' });
    const e = await failure(() =>
      client(s.port, { env: { https_proxy: `http://127.0.0.1:${proxy.port}` } }).get('/x'),
    );
    expect(e.message).toBe(`the server at 127.0.0.1:${s.port} does not support TLS 1.3`);
    expect(proxy.tunnels).toHaveLength(1);
    expect(s.requests).toHaveLength(0);
  });
});
