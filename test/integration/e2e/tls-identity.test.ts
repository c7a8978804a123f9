// A host name must be a DNS subject alternative name of the server's certificate: the CLI never
// falls back to the subject CN. Without that, a leaf with `/CN=vm` and no DNS SAN, signed by the
// emulator's CA (whose key sits in a data dir), passed for `https://vm`: OpenSSL does not hold a
// dotless CN to the CA's DNS name constraints, and Node's default check accepted the CN. The
// check is a function-valued TLS option, so this proves undici honours it on both of its paths:
// through a CONNECT proxy (requestTls; the proxy plays the network that resolves `vm`) and direct.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CertPair, emulatorCa, makeLeaf } from '../../helpers/certs.js';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { type MitmProxy, startMitmProxy } from '../../helpers/mitm-proxy.js';
import { type RecordingApi, startRecordingApi } from '../../helpers/recording-api.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { storedOnly } from '../../helpers/status-stored.js';

const KEY = 'fib_test_tlsIdentityCanary_0123456789abcdef';
let emu: EmulatorHandle;
let ca: CertPair;
const stops: Array<() => Promise<void>> = [];

beforeAll(async () => {
  emu = await startEmulator();
  ca = emulatorCa(emu.dataDir);
});
afterAll(async () => {
  await Promise.all(stops.map((s) => s()));
  await emu?.stop();
});

async function server(leaf: { commonName: string; hosts: string[] }): Promise<RecordingApi> {
  const api = await startRecordingApi(await makeLeaf(ca, leaf), [KEY]);
  stops.push(() => api.close());
  return api;
}

async function proxyTo(api: RecordingApi): Promise<MitmProxy> {
  const proxy = await startMitmProxy(api.port);
  stops.push(() => proxy.close());
  return proxy;
}

const status = (apiUrl: string, env: Record<string, string> = {}) =>
  runCli(['auth', 'status', '--api-url', apiUrl], {
    env: { FIBONACCI_CA_CERT: emu.caCertPath, FIBONACCI_API_KEY: KEY, FIBONACCI_MAX_RETRIES: '0', ...env },
  });

const refusal = (host: string) =>
  `error: certificate of ${host} is not accepted: it names the host only in its subject CN, not as a subject alternative name\n` +
  "hint: the server's certificate must list its host name in subjectAltName (RFC 6125); check --api-url (FIBONACCI_BASE_URL)\n";

describe('a certificate that names its host in the CN only is refused: exit 7, the key unsent', () => {
  it.each([
    ['no subjectAltName', []],
    ['IP subjectAltNames only', ['127.0.0.1']],
  ])('through a proxy (requestTls): /CN=vm with %s, from the emulator CA', async (_label, hosts) => {
    const api = await server({ commonName: 'vm', hosts });
    const proxy = await proxyTo(api);
    const r = await status('https://vm', { HTTPS_PROXY: `http://127.0.0.1:${proxy.port}` });
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
      code: 7,
      stdout: storedOnly('https://vm', KEY),
      stderr: refusal('vm'),
    });
    expect(proxy.targets).toEqual(['vm:443']);
    expect(api.authorizations).toEqual([]);
  });

  it('a dotted CN without subjectAltName is held to the name constraints by OpenSSL itself', async () => {
    const api = await server({ commonName: 'api.fibonacci.today', hosts: [] });
    const proxy = await proxyTo(api);
    const r = await status('https://api.fibonacci.today', { HTTPS_PROXY: `http://127.0.0.1:${proxy.port}` });
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(
      /^error: certificate of api\.fibonacci\.today is not trusted: its CA may only vouch/,
    );
    expect(api.authorizations).toEqual([]);
  });

  it('direct (connect): /CN=localhost without subjectAltName, a name the constraints allow', async () => {
    const api = await server({ commonName: 'localhost', hosts: [] });
    const r = await status(`https://localhost:${api.port}`);
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
      code: 7,
      stdout: storedOnly(`https://localhost:${api.port}`, KEY),
      stderr: refusal(`localhost:${api.port}`),
    });
    expect(api.authorizations).toEqual([]);
  });

  it('control: the same names as DNS subjectAltNames are accepted on both paths, and get the key', async () => {
    const direct = await server({ commonName: 'localhost', hosts: ['localhost'] });
    const ok = await status(`https://localhost:${direct.port}`);
    expect(ok.code, ok.stderr).toBe(0);
    expect(direct.authorizations).toEqual([`Bearer ${KEY}`]);

    const proxied = await server({ commonName: 'vm', hosts: ['localhost'] });
    const proxy = await proxyTo(proxied);
    const viaProxy = await status('https://localhost', { HTTPS_PROXY: `http://127.0.0.1:${proxy.port}` });
    expect(viaProxy.code, viaProxy.stderr).toBe(0);
    expect(proxied.authorizations).toEqual([`Bearer ${KEY}`]);
  });
});
