/**
 * Throw-away X.509 material for tests: a CA, server leaves signed by it, client certificates for mTLS.
 * EC P-256 keys keep generation to a few milliseconds; everything is PEM so it drops straight into
 * node:tls / node:https options or the CLI's --ca-cert / --client-cert files.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, id_ce_nameConstraints, NameConstraints } from '@peculiar/asn1-x509';
import { generate } from 'selfsigned';

/** A PEM certificate and its PEM private key. */
export interface CertPair {
  cert: string;
  key: string;
}

/** Options shared by every certificate this helper makes. */
export interface CertOptions {
  commonName?: string;
  /** The certificate's validity ended yesterday (and began the day before). */
  expired?: boolean;
}

/** Options for a server (leaf) certificate. */
export interface LeafOptions extends CertOptions {
  /** DNS names and IP addresses put in subjectAltName; default localhost and 127.0.0.1; [] for none. */
  hosts?: readonly string[];
}

const DAY_MS = 86_400_000;

function validity(expired: boolean | undefined): { notBeforeDate: Date; notAfterDate: Date } {
  const now = Date.now();
  // Backdate by an hour so small clock differences between processes never make a fresh cert "not yet valid".
  return expired
    ? { notBeforeDate: new Date(now - 2 * DAY_MS), notAfterDate: new Date(now - DAY_MS) }
    : { notBeforeDate: new Date(now - 3_600_000), notAfterDate: new Date(now + 30 * DAY_MS) };
}

/** A self-signed certificate authority that can sign leaves and client certificates. */
export async function makeCa(options: CertOptions = {}): Promise<CertPair> {
  const pems = await generate([{ name: 'commonName', value: options.commonName ?? 'Fibonacci Test CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ...validity(options.expired),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

type Extension = NonNullable<NonNullable<Parameters<typeof generate>[1]>['extensions']>[number];

/** A non-CA certificate for `commonName` signed by `ca`, with `extensions` after the shared ones. */
async function signed(
  ca: CertPair,
  commonName: string,
  expired: boolean | undefined,
  extensions: Extension[],
): Promise<CertPair> {
  const pems = await generate([{ name: 'commonName', value: commonName }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ca,
    ...validity(expired),
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      ...extensions,
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

/** A server certificate for `hosts`, signed by `ca`. */
export async function makeLeaf(ca: CertPair, options: LeafOptions = {}): Promise<CertPair> {
  const hosts = options.hosts ?? ['localhost', '127.0.0.1'];
  const altNames = hosts.map((h) => (isIP(h) ? { type: 7 as const, ip: h } : { type: 2 as const, value: h }));
  // `hosts: []` makes a leaf with no subjectAltName at all: one that names its host in the CN only.
  return signed(ca, options.commonName ?? hosts[0] ?? 'localhost', options.expired, [
    { name: 'extKeyUsage', serverAuth: true },
    ...(altNames.length > 0 ? [{ name: 'subjectAltName' as const, altNames }] : []),
  ]);
}

/** A client certificate (extKeyUsage clientAuth) for mTLS, signed by `ca`. */
export async function makeClientCert(ca: CertPair, options: CertOptions = {}): Promise<CertPair> {
  return signed(ca, options.commonName ?? 'fibonacci-test-client', options.expired, [
    { name: 'extKeyUsage', clientAuth: true },
  ]);
}

/** A self-signed server certificate (its own issuer), for "untrusted certificate" cases. */
export async function makeSelfSigned(options: LeafOptions = {}): Promise<CertPair> {
  const ca = await makeCa({ commonName: options.commonName ?? 'Untrusted Self-Signed' });
  return makeLeaf(ca, options);
}

/** The CA an emulator generated into `dataDir`, key included: what an attacker holding the dir has. */
export function emulatorCa(dataDir: string): CertPair {
  return {
    cert: readFileSync(join(dataDir, 'ca.pem'), 'utf8'),
    key: readFileSync(join(dataDir, 'ca-key.pem'), 'utf8'),
  };
}

/** The permitted subtrees of a certificate's nameConstraints, or undefined when it has none. */
export function nameConstraintsOf(
  pem: string,
): { critical: boolean; dns: string[]; ips: string[]; other: number } | undefined {
  const cert = AsnConvert.parse(new X509Certificate(pem).raw, Certificate);
  const ext = cert.tbsCertificate.extensions?.find((e) => e.extnID === id_ce_nameConstraints);
  if (!ext) return undefined;
  const nc = AsnConvert.parse(ext.extnValue, NameConstraints);
  const bases = (nc.permittedSubtrees ?? []).map((s) => s.base);
  return {
    critical: ext.critical,
    dns: bases.flatMap((b) => (b.dNSName ? [b.dNSName] : [])),
    ips: bases.flatMap((b) => (b.iPAddress ? [b.iPAddress] : [])),
    other: bases.filter((b) => !b.dNSName && !b.iPAddress).length + (nc.excludedSubtrees?.length ?? 0),
  };
}
