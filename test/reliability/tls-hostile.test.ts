// The built CLI against hostile TLS servers (real HTTPS servers on 127.0.0.1): TLS 1.2-only and TLS
// 1.1-only servers, an expired certificate, a certificate for another host name and an untrusted CA
// are all refused with exit 7 and one error line, and the server's request handler is never called,
// so the key never left the process. A well-configured server is the control: there the handler
// runs and sees the key, which proves the other assertions could fail.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CertPair, makeCa, makeLeaf } from '../helpers/certs.js';
import { startHttps, type TestServer } from '../helpers/servers.js';
import { runCli } from '../helpers/spawn-cli.js';
import { storedOnly } from '../helpers/status-stored.js';
import { tempDir } from '../helpers/temp-dir.js';

const KEY = 'fib_test_tls_hostile_canary_0123456789';
let ca: CertPair;
let caPath: string;
const servers: TestServer[] = [];

beforeAll(async () => {
  ca = await makeCa();
  caPath = join(tempDir(), 'ca.pem');
  writeFileSync(caPath, ca.cert);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function serve(options: Parameters<typeof startHttps>[0]): Promise<TestServer> {
  const s = await startHttps(options);
  servers.push(s);
  return s;
}

async function cli(port: number, trust = caPath) {
  return runCli(['auth', 'status'], {
    env: {
      FIBONACCI_BASE_URL: `https://127.0.0.1:${port}`,
      FIBONACCI_CA_CERT: trust,
      FIBONACCI_API_KEY: KEY,
      FIBONACCI_MAX_RETRIES: '0',
      FIBONACCI_TIMEOUT: '5',
    },
  });
}

describe('hostile TLS servers are refused before a request is sent', () => {
  it('control: a TLS 1.3 server with a trusted certificate receives the request and the key', async () => {
    const s = await serve({ ...(await makeLeaf(ca)), minVersion: 'TLSv1.3' });
    await cli(s.port);
    expect(s.requests).toHaveLength(1);
    expect(s.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  const cases: Array<[string, () => Promise<Parameters<typeof startHttps>[0]>, RegExp, string?]> = [
    [
      'TLS 1.2 only',
      async () => ({ ...(await makeLeaf(ca)), maxVersion: 'TLSv1.2' }),
      /does not support TLS 1\.3/,
    ],
    [
      'TLS 1.1 only',
      async () => ({
        ...(await makeLeaf(ca)),
        minVersion: 'TLSv1.1',
        maxVersion: 'TLSv1.1',
        ciphers: 'DEFAULT@SECLEVEL=0',
      }),
      /does not support TLS 1\.3/,
    ],
    [
      'an expired certificate',
      async () => ({ ...(await makeLeaf(ca, { expired: true })), minVersion: 'TLSv1.3' }),
      /has expired/,
    ],
    [
      'a certificate for another host',
      async () => ({ ...(await makeLeaf(ca, { hosts: ['api.example.com'] })), minVersion: 'TLSv1.3' }),
      /for another host name/,
    ],
  ];
  for (const [label, options, message] of cases) {
    it(`${label}: exit 7, one error line, handler never called`, async () => {
      const s = await serve(await options());
      const r = await cli(s.port);
      expect(r.code, r.stderr).toBe(7);
      expect(r.stdout).toBe(storedOnly(`https://127.0.0.1:${s.port}`, KEY));
      expect(r.stderr).toMatch(/^error: [^\n]+\n(hint: [^\n]+\n)?$/);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toContain(KEY.slice(9));
      expect(s.requests).toHaveLength(0);
    });
  }

  it('an untrusted CA: exit 7, handler never called', async () => {
    const other = await makeCa({ commonName: 'Somebody Else CA' });
    const s = await serve({ ...(await makeLeaf(other)), minVersion: 'TLSv1.3' });
    const r = await cli(s.port);
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(/^error: certificate of 127\.0\.0\.1:\d+ is not trusted\nhint: [^\n]+\n$/);
    expect(s.requests).toHaveLength(0);
  });
});
