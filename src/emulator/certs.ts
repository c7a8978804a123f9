import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFileAtMostSync } from '../lib/bounded-read.js';
import { caConstrainedTo, generateCa, type ServedNames, servedNames } from './ca.js';
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

/** A certificate or an EC key is under 2 KiB: a data-dir PEM file larger than this is not ours. */
const PEM_FILE_MAX_BYTES = 1024 * 1024;

/** A PEM file of the data dir, read at most PEM_FILE_MAX_BYTES (exit 3 beyond). */
function readPem(path: string): string {
  return readFileAtMostSync(path, {
    limit: PEM_FILE_MAX_BYTES,
    what: path,
    hint: 'it is not a file the emulator wrote: move it away (a new one is made), or use a fresh data dir',
    kind: 'config',
  }).toString('utf8');
}

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
    const cert = new X509Certificate(readPem(certPath));
    return new Date(cert.validTo).getTime() - now.getTime() > RENEW_BEFORE_MS;
  } catch {
    return false;
  }
}

/** The leaf at `certPath` was signed by `caPem` and names exactly `names` (any names when undefined). */
function leafFits(certPath: string, caPem: string, names: ServedNames | undefined): boolean {
  try {
    const leaf = new X509Certificate(readPem(certPath));
    if (!leaf.verify(new X509Certificate(caPem).publicKey)) return false;
    if (names === undefined) return true;
    const count = (leaf.subjectAltName ?? '').split(', ').filter(Boolean).length;
    return (
      count === names.dns.length + names.ips.length &&
      names.dns.every((d) => leaf.checkHost(d, { wildcards: false }) === d) &&
      names.ips.every((ip) => leaf.checkIP(ip) !== undefined)
    );
  } catch {
    return false;
  }
}

async function ensureCa(
  paths: DataPaths,
  names: ServedNames,
  now: Date,
  log: (line: string) => void,
): Promise<{ cert: string; key: string }> {
  const current = usable(paths.caCert, paths.caKey, now);
  const constrained = current && (await caConstrainedTo(readPem(paths.caCert), names));
  if (!constrained) {
    const { notBeforeDate, notAfterDate } = validUntil(CA_DAYS, now);
    const pems = await generateCa(names, notBeforeDate, notAfterDate);
    writeDataFile(paths.caKey, pems.key);
    writeDataFile(paths.caCert, pems.cert);
    if (current) {
      // The old CA could vouch for any host name: wherever it is still trusted, it must go.
      log(
        `notice: replaced the emulator CA in ${paths.caCert}: the old one was not limited to ${listNames(names)}; ` +
          'clients must trust the new file (FIBONACCI_CA_CERT), and remove any copy of the old one they trust',
      );
    }
  }
  return { cert: readPem(paths.caCert), key: readPem(paths.caKey) };
}

function listNames(names: ServedNames): string {
  return [...names.dns, ...names.ipRanges].join(', ');
}

async function ensureLeaf(
  kind: 'server' | 'client',
  certPath: string,
  keyPath: string,
  ca: { cert: string; key: string },
  names: ServedNames,
  now: Date,
): Promise<void> {
  const server = kind === 'server';
  if (usable(certPath, keyPath, now) && leafFits(certPath, ca.cert, server ? names : undefined)) return;
  const generate = await loadGenerate();
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
                  ...names.dns.map((value) => ({ type: 2 as const, value })),
                  ...names.ips.map((ip) => ({ type: 7 as const, ip })),
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
 * Make sure the data dir holds a CA constrained to the names the emulator serves (ca.ts) and a
 * server certificate it signed for those names (localhost, 127.0.0.1, ::1 and `host`), generating
 * them on first start and reusing them later; with `client`, a client certificate signed by the
 * same CA too. A CA without those exact constraints (one from before them, or for another --host) is
 * replaced, with a notice through `log`; a leaf the current CA did not sign is re-issued.
 */
export async function ensureCertificates(
  paths: DataPaths,
  options: { client?: boolean; now?: Date; host?: string; log?: (line: string) => void } = {},
): Promise<Certificates> {
  const now = options.now ?? new Date();
  const names = servedNames(options.host ?? '127.0.0.1');
  const ca = await ensureCa(paths, names, now, options.log ?? (() => {}));
  await ensureLeaf('server', paths.serverCert, paths.serverKey, ca, names, now);
  if (options.client) await ensureLeaf('client', paths.clientCert, paths.clientKey, ca, names, now);
  const result: Certificates = {
    ca: ca.cert,
    cert: readPem(paths.serverCert),
    key: readPem(paths.serverKey),
    caCertPath: paths.caCert,
  };
  if (options.client) {
    result.clientCertPath = paths.clientCert;
    result.clientKeyPath = paths.clientKey;
  }
  return result;
}
