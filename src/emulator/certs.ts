import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { type DataPaths, writeDataFile } from './files.js';
import { DAY_MS } from './ids.js';

/** PEM material the server needs, and where the client-side files live. */
export interface Certificates {
  ca: string;
  cert: string;
  key: string;
  caCertPath: string;
  /** Present when a client certificate was asked for. */
  clientCertPath?: string;
  clientKeyPath?: string;
}

const CA_DAYS = 3650;
const LEAF_DAYS = 397;
/** Renew a leaf certificate this close to its expiry, so a long-lived data dir keeps working. */
const RENEW_BEFORE_MS = 7 * DAY_MS;

// EC P-256 keys: generated in milliseconds (RSA takes far longer) and accepted by every TLS 1.3 stack.
// selfsigned signs with sha1 unless told otherwise; sha256 is required by modern verifiers.
const KEY_OPTIONS = { keyType: 'ec', curve: 'P-256', algorithm: 'sha256' } as const;

type Generate = typeof import('selfsigned').generate;

async function loadGenerate(): Promise<Generate> {
  return (await import('selfsigned')).generate;
}

function validUntil(days: number, now: Date): { notBeforeDate: Date; notAfterDate: Date } {
  // Back-date a little so a client whose clock lags does not see a not-yet-valid certificate.
  return {
    notBeforeDate: new Date(now.getTime() - DAY_MS),
    notAfterDate: new Date(now.getTime() + days * DAY_MS),
  };
}

function usable(certPath: string, keyPath: string, now: Date): boolean {
  if (!existsSync(certPath) || !existsSync(keyPath)) return false;
  try {
    const cert = new X509Certificate(readFileSync(certPath));
    return new Date(cert.validTo).getTime() - now.getTime() > RENEW_BEFORE_MS;
  } catch {
    return false;
  }
}

async function ensureCa(
  paths: DataPaths,
  generate: Generate,
  now: Date,
): Promise<{ cert: string; key: string }> {
  if (!usable(paths.caCert, paths.caKey, now)) {
    const pems = await generate([{ name: 'commonName', value: 'Fibonacci Emulator Local CA' }], {
      ...KEY_OPTIONS,
      ...validUntil(CA_DAYS, now),
      extensions: [
        { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
      ],
    });
    writeDataFile(paths.caKey, pems.private);
    writeDataFile(paths.caCert, pems.cert);
  }
  return { cert: readFileSync(paths.caCert, 'utf8'), key: readFileSync(paths.caKey, 'utf8') };
}

async function ensureLeaf(
  kind: 'server' | 'client',
  certPath: string,
  keyPath: string,
  ca: { cert: string; key: string },
  generate: Generate,
  now: Date,
  force: boolean,
): Promise<void> {
  if (!force && usable(certPath, keyPath, now)) return;
  const server = kind === 'server';
  const pems = await generate(
    [{ name: 'commonName', value: server ? 'localhost' : 'fibonacci-emulator-client' }],
    {
      ...KEY_OPTIONS,
      ...validUntil(LEAF_DAYS, now),
      ca,
      extensions: [
        { name: 'basicConstraints', cA: false, critical: true },
        { name: 'keyUsage', digitalSignature: true, critical: true },
        { name: 'extKeyUsage', serverAuth: server, clientAuth: !server },
        ...(server
          ? [
              {
                name: 'subjectAltName' as const,
                altNames: [
                  { type: 2 as const, value: 'localhost' },
                  { type: 7 as const, ip: '127.0.0.1' },
                  { type: 7 as const, ip: '::1' },
                ],
              },
            ]
          : []),
      ],
    },
  );
  writeDataFile(keyPath, pems.private);
  writeDataFile(certPath, pems.cert);
}

/**
 * Make sure the data dir holds a CA and a server certificate it signed (SAN localhost, 127.0.0.1,
 * ::1), generating them on first start and reusing them later; with `client`, a client certificate
 * signed by the same CA too. A new CA re-issues the leaves it signs.
 */
export async function ensureCertificates(
  paths: DataPaths,
  options: { client?: boolean; now?: Date } = {},
): Promise<Certificates> {
  const now = options.now ?? new Date();
  const needsWork =
    !usable(paths.caCert, paths.caKey, now) ||
    !usable(paths.serverCert, paths.serverKey, now) ||
    (options.client === true && !usable(paths.clientCert, paths.clientKey, now));
  if (needsWork) {
    const generate = await loadGenerate();
    const caWasUsable = usable(paths.caCert, paths.caKey, now);
    const ca = await ensureCa(paths, generate, now);
    await ensureLeaf('server', paths.serverCert, paths.serverKey, ca, generate, now, !caWasUsable);
    if (options.client) {
      await ensureLeaf('client', paths.clientCert, paths.clientKey, ca, generate, now, !caWasUsable);
    }
  }
  const result: Certificates = {
    ca: readFileSync(paths.caCert, 'utf8'),
    cert: readFileSync(paths.serverCert, 'utf8'),
    key: readFileSync(paths.serverKey, 'utf8'),
    caCertPath: paths.caCert,
  };
  if (options.client) {
    result.clientCertPath = paths.clientCert;
    result.clientKeyPath = paths.clientKey;
  }
  return result;
}
