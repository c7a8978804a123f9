// The emulator's CA is limited by critical X.509 name constraints to what the emulator serves, and
// a data dir holding a CA without exactly those constraints gets a new one, with a notice.
import { X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { servedNames } from '../../../src/emulator/ca.js';
import { ensureCertificates } from '../../../src/emulator/certs.js';
import { dataPaths } from '../../../src/emulator/files.js';
import { makeCa, makeLeaf, nameConstraintsOf } from '../../helpers/certs.js';
import { tempDir } from '../../helpers/temp-dir.js';

function dir() {
  const d = join(tempDir('fib-ca-'), 'data');
  mkdirSync(d, { recursive: true, mode: 0o700 });
  return dataPaths(d);
}

describe('the emulator CA', () => {
  it('permits localhost, 127.0.0.0/8 and ::1 only, critically; the server leaf names exactly those', async () => {
    const paths = dir();
    await ensureCertificates(paths);
    expect(nameConstraintsOf(readFileSync(paths.caCert, 'utf8'))).toEqual({
      critical: true,
      dns: ['localhost'],
      ips: ['127.0.0.0/8', '::1/128'],
      other: 0,
    });
    const leaf = new X509Certificate(readFileSync(paths.serverCert));
    expect(leaf.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
  });

  it.each([
    [
      'dev.example.internal',
      ['localhost', 'dev.example.internal'],
      ['127.0.0.0/8', '::1/128'],
      'DNS:dev.example.internal',
    ],
    ['192.168.7.9', ['localhost'], ['127.0.0.0/8', '::1/128', '192.168.7.9/32'], 'IP Address:192.168.7.9'],
    ['fd00::7', ['localhost'], ['127.0.0.0/8', '::1/128', 'fd00::7/128'], 'IP Address:FD00:0:0:0:0:0:0:7'],
    ['127.0.0.2', ['localhost'], ['127.0.0.0/8', '::1/128'], 'IP Address:127.0.0.2'],
    ['0.0.0.0', ['localhost'], ['127.0.0.0/8', '::1/128'], undefined],
  ])('--host %s adds what it serves', async (host, dns, ips, san) => {
    const paths = dir();
    await ensureCertificates(paths, { host });
    expect(nameConstraintsOf(readFileSync(paths.caCert, 'utf8'))).toMatchObject({ dns, ips });
    const sans = new X509Certificate(readFileSync(paths.serverCert)).subjectAltName?.split(', ') ?? [];
    expect(sans.length).toBe(san ? 4 : 3);
    if (san) expect(sans).toContain(san);
    expect(servedNames(host).dns).toEqual(dns);
  });

  it('is kept across starts with the same --host, replaced (with a notice) for another', async () => {
    const paths = dir();
    const log: string[] = [];
    await ensureCertificates(paths, { log: (l) => log.push(l) });
    const first = readFileSync(paths.caCert, 'utf8');
    await ensureCertificates(paths, { log: (l) => log.push(l) });
    expect(readFileSync(paths.caCert, 'utf8')).toBe(first);
    expect(log).toEqual([]);
    await ensureCertificates(paths, { host: 'dev.example.internal', log: (l) => log.push(l) });
    expect(readFileSync(paths.caCert, 'utf8')).not.toBe(first);
    expect(log).toHaveLength(1);
  });

  it('an old unconstrained CA is replaced with a notice, and the leaves it signed are re-issued', async () => {
    const paths = dir();
    // What the emulator generated before name constraints: same files, no constraint.
    const old = await makeCa({ commonName: 'Fibonacci Emulator Local CA' });
    const oldLeaf = await makeLeaf(old, { hosts: ['localhost', '127.0.0.1', '::1'] });
    writeFileSync(paths.caCert, old.cert);
    writeFileSync(paths.caKey, old.key, { mode: 0o600 });
    writeFileSync(paths.serverCert, oldLeaf.cert);
    writeFileSync(paths.serverKey, oldLeaf.key, { mode: 0o600 });
    expect(nameConstraintsOf(old.cert)).toBeUndefined();

    const log: string[] = [];
    const certs = await ensureCertificates(paths, { log: (l) => log.push(l) });
    expect(log).toEqual([
      `notice: replaced the emulator CA in ${paths.caCert}: the old one was not limited to localhost, 127.0.0.0/8, ::1/128; clients must trust the new file (FIBONACCI_CA_CERT), and remove any copy of the old one they trust`,
    ]);
    expect(nameConstraintsOf(certs.ca)?.critical).toBe(true);
    expect(readFileSync(paths.caKey, 'utf8')).not.toBe(old.key);
    const leaf = new X509Certificate(certs.cert);
    expect(leaf.verify(new X509Certificate(certs.ca).publicKey)).toBe(true);
    expect(leaf.verify(new X509Certificate(old.cert).publicKey)).toBe(false);
  });
});
