// Transport: TLS 1.3 only, certificates from the data dir, optional client certificates (mTLS).
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { connect, type SecureVersion } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { apiRequest } from '../../helpers/api-request.js';
import { startEmulator } from '../../helpers/emulator.js';

/** Open a TLS connection; resolves with the negotiated protocol or the error code. */
function handshake(
  port: number,
  ca: string,
  options: { maxVersion?: SecureVersion; servername?: string } = {},
) {
  return new Promise<{ protocol?: string | null; error?: string }>((resolve) => {
    const socket = connect({
      host: '127.0.0.1',
      port,
      ca,
      servername: options.servername,
      maxVersion: options.maxVersion,
    });
    socket.once('secureConnect', () => {
      resolve({ protocol: socket.getProtocol() });
      socket.end();
    });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
  });
}

describe('TLS', () => {
  it('speaks TLS 1.3 with a sha256 certificate for localhost, 127.0.0.1 and ::1 signed by the data-dir CA', async () => {
    const emu = await startEmulator();
    const ca = readFileSync(emu.caCertPath, 'utf8');
    expect(await handshake(emu.port, ca, { servername: 'localhost' })).toEqual({ protocol: 'TLSv1.3' });
    const cert = new X509Certificate(readFileSync(`${emu.dataDir}/server.pem`));
    expect(cert.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(cert.checkIssued(new X509Certificate(ca))).toBe(true);
    expect(cert.verify(new X509Certificate(ca).publicKey)).toBe(true);
    // selfsigned defaults to sha1; the emulator must not.
    for (const file of ['server.pem', 'ca.pem']) {
      const text = execFileSync('openssl', ['x509', '-noout', '-text', '-in', `${emu.dataDir}/${file}`], {
        encoding: 'utf8',
      });
      expect(text).toContain('Signature Algorithm: ecdsa-with-SHA256');
    }
    await emu.stop();
  });

  it('refuses a TLS 1.2 client', async () => {
    const emu = await startEmulator();
    const result = await handshake(emu.port, readFileSync(emu.caCertPath, 'utf8'), { maxVersion: 'TLSv1.2' });
    expect(result.protocol).toBeUndefined();
    expect(result.error).toMatch(
      /ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION|ERR_SSL_UNSUPPORTED_PROTOCOL|ECONNRESET/,
    );
    await emu.stop();
  });
});

describe('--require-client-cert', () => {
  it('writes a client certificate, prints its exports, refuses clients without it and accepts it', async () => {
    const emu = await startEmulator({ args: ['--require-client-cert'] });
    const dir = emu.dataDir;
    expect(emu.stdout()).toContain(
      `\nexport FIBONACCI_CLIENT_CERT=${dir}/client.pem FIBONACCI_CLIENT_KEY=${dir}/client-key.pem\n`,
    );
    expect(statSync(`${dir}/client-key.pem`).mode & 0o777).toBe(0o600);

    await expect(apiRequest(emu, 'GET', '/api/v1/auth/me')).rejects.toThrow();
    const ok = await apiRequest(emu, 'GET', '/api/v1/auth/me', { clientCert: true });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ role: 'owner' });
    expect(await emu.stop()).toBe(0);
  });
});
