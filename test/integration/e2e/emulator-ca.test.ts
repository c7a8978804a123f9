// The emulator's CA is trusted for its own names only. With --ca-cert pointing at it, a certificate
// its key signs for api.fibonacci.today (or for an address outside loopback) is refused by the CLI:
// a CONNECT proxy (HTTPS_PROXY) plays the hostile network that takes the connection to a server
// holding such a certificate, so the host-name check passes and only the name constraints can fail.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CertPair, emulatorCa, makeCa, makeLeaf, nameConstraintsOf } from '../../helpers/certs.js';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { type MitmProxy, startMitmProxy } from '../../helpers/mitm-proxy.js';
import { type RecordingApi, startRecordingApi } from '../../helpers/recording-api.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { storedOnly } from '../../helpers/status-stored.js';
import { tempDir } from '../../helpers/temp-dir.js';

const KEY = 'fib_test_emulatorCaCanary_0123456789abcdef';
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

/** A server with a leaf for `hosts` signed by the emulator's CA, behind a proxy that always leads there. */
async function impostor(hosts: string[]): Promise<{ api: RecordingApi; proxy: MitmProxy }> {
  const api = await startRecordingApi(await makeLeaf(ca, { hosts }), [KEY]);
  const proxy = await startMitmProxy(api.port);
  stops.push(
    () => proxy.close(),
    () => api.close(),
  );
  return { api, proxy };
}

function status(proxy: MitmProxy, apiUrl?: string) {
  return runCli(['auth', 'status', ...(apiUrl ? ['--api-url', apiUrl] : [])], {
    env: {
      HTTPS_PROXY: `http://127.0.0.1:${proxy.port}`,
      FIBONACCI_CA_CERT: emu.caCertPath,
      FIBONACCI_API_KEY: KEY,
      FIBONACCI_MAX_RETRIES: '0',
    },
  });
}

describe('the emulator CA vouches for its own names only', () => {
  it('control: a leaf for localhost from the same CA, through the same proxy, is accepted and gets the key', async () => {
    const { api, proxy } = await impostor(['localhost']);
    const r = await status(proxy, 'https://localhost');
    expect(r.code, r.stderr).toBe(0);
    expect(proxy.targets).toEqual(['localhost:443']);
    expect(api.authorizations).toEqual([`Bearer ${KEY}`]);
  });

  it.each([
    ['api.fibonacci.today', ['api.fibonacci.today'], undefined, 'api.fibonacci.today:443'],
    ['an address outside loopback', ['192.0.2.10'], 'https://192.0.2.10', '192.0.2.10:443'],
    [
      'a leaf that also names 127.0.0.1',
      ['api.fibonacci.today', '127.0.0.1'],
      undefined,
      'api.fibonacci.today:443',
    ],
  ])(
    'a leaf for %s is refused: exit 7, one error line, the key never sent',
    async (_label, hosts, url, target) => {
      const { api, proxy } = await impostor(hosts);
      const r = await status(proxy, url);
      const host = target.replace(/:443$/, '');
      expect(r.code, r.stderr).toBe(7);
      // What is stored, the key masked (auth status, when the server could not be asked).
      expect(r.stdout).toBe(storedOnly(url ?? 'https://api.fibonacci.today', KEY));
      expect(r.stderr).toBe(
        `error: certificate of ${host} is not trusted: its CA may only vouch for other names (X.509 name constraints)\n` +
          `hint: the CA given with --ca-cert (FIBONACCI_CA_CERT), e.g. an emulator's, is not one for ${host}; check --api-url (FIBONACCI_BASE_URL)\n`,
      );
      // The connection got as far as the TLS handshake with the impostor, and no further.
      expect(proxy.targets).toEqual([target]);
      expect(api.authorizations).toEqual([]);
      expect(api.requests).toHaveLength(0);
    },
  );

  it('the same holds when the CA is trusted through NODE_EXTRA_CA_CERTS', async () => {
    const { api, proxy } = await impostor(['api.fibonacci.today']);
    const r = await runCli(['auth', 'status'], {
      env: {
        HTTPS_PROXY: `http://127.0.0.1:${proxy.port}`,
        NODE_EXTRA_CA_CERTS: emu.caCertPath,
        FIBONACCI_API_KEY: KEY,
        FIBONACCI_MAX_RETRIES: '0',
      },
    });
    expect(r.code, r.stderr).toBe(7);
    expect(r.stderr).toMatch(
      /^error: certificate of api\.fibonacci\.today is not trusted: its CA may only vouch/,
    );
    expect(proxy.targets).toEqual(['api.fibonacci.today:443']);
    expect(api.authorizations).toEqual([]);
  });
});

describe('an emulator data dir from before the name constraints', () => {
  it('gets a new constrained CA with a notice; clients of the old CA stop trusting it', async () => {
    // What `emulator start` generated before: an unconstrained CA and a leaf it signed.
    const data = join(tempDir('fib-old-emu-'), 'data');
    const first = await startEmulator({ dataDir: data });
    await first.stop();
    const old = await makeCa({ commonName: 'Fibonacci Emulator Local CA' });
    const leaf = await makeLeaf(old, { hosts: ['localhost', '127.0.0.1', '::1'] });
    writeFileSync(join(data, 'ca.pem'), old.cert);
    writeFileSync(join(data, 'ca-key.pem'), old.key, { mode: 0o600 });
    writeFileSync(join(data, 'server.pem'), leaf.cert);
    writeFileSync(join(data, 'server-key.pem'), leaf.key, { mode: 0o600 });
    const oldCaFile = join(tempDir('fib-old-ca-'), 'ca.pem');
    writeFileSync(oldCaFile, old.cert);

    const again = await startEmulator({ dataDir: data });
    expect(again.stderr()).toContain(
      `notice: replaced the emulator CA in ${join(data, 'ca.pem')}: the old one was not limited to localhost, 127.0.0.0/8, ::1/128; clients must trust the new file (FIBONACCI_CA_CERT), and remove any copy of the old one they trust\n`,
    );
    expect(nameConstraintsOf(readFileSync(join(data, 'ca.pem'), 'utf8'))?.critical).toBe(true);
    const withNew = await runCli(['auth', 'status'], { env: again.env });
    expect(withNew.code, withNew.stderr).toBe(0);
    const withOld = await runCli(['auth', 'status'], { env: { ...again.env, FIBONACCI_CA_CERT: oldCaFile } });
    expect(withOld.code).toBe(7);
    expect(withOld.stderr).toMatch(/^error: certificate of 127\.0\.0\.1:\d+ is not trusted\n/);

    // The next start keeps the new CA, silently.
    const third = await again.restart();
    expect(third.stderr()).not.toContain('notice:');
    await third.stop();
  });
});
