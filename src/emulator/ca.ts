/**
 * The emulator's certificate authority, limited by X.509 name constraints to the names the emulator
 * serves: `localhost`, the loopback ranges, and the `--host` it was started with. Users trust this
 * CA with --ca-cert (or NODE_EXTRA_CA_CERTS); without the constraints its key, which sits in a data
 * dir, could sign a certificate for api.fibonacci.today that the CLI would accept. OpenSSL enforces
 * the critical extension for every chain that ends at this CA, whatever the leaf says.
 */
import { KeyObject, randomBytes, webcrypto, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';

/** Names a server certificate carries and the CA may vouch for. */
export interface ServedNames {
  /** DNS names for the leaf's subjectAltName; the CA permits each (and names below it). */
  dns: string[];
  /** IP addresses for the leaf's subjectAltName. */
  ips: string[];
  /** IP ranges (CIDR) the CA permits. */
  ipRanges: string[];
}

const LOOPBACK_V4 = /^127\./;
// Listening on every interface serves no name of its own: clients use the loopback URL printed.
const WILDCARD = new Set(['', '0.0.0.0', '::']);

/** What certificates for an emulator listening on `host` may name. */
export function servedNames(host: string): ServedNames {
  const names: ServedNames = {
    dns: ['localhost'],
    ips: ['127.0.0.1', '::1'],
    ipRanges: ['127.0.0.0/8', '::1/128'],
  };
  const h = host.toLowerCase();
  if (WILDCARD.has(h) || h === 'localhost') return names;
  const family = isIP(h);
  if (family === 0) names.dns.push(h);
  else if (!names.ips.includes(h)) {
    names.ips.push(h);
    if (!(family === 4 && LOOPBACK_V4.test(h))) names.ipRanges.push(`${h}/${family === 4 ? 32 : 128}`);
  }
  return names;
}

type X509 = typeof import('@peculiar/x509');
type Asn = typeof import('@peculiar/asn1-x509');
const NAME_CONSTRAINTS_OID = '2.5.29.30';

/** The DER of the nameConstraints extension value for `names`: permitted subtrees only. */
async function constraintsDer(names: ServedNames): Promise<ArrayBuffer> {
  const asn: Asn = await import('@peculiar/asn1-x509');
  const { AsnConvert } = await import('@peculiar/asn1-schema');
  const subtree = (base: ConstructorParameters<typeof asn.GeneralName>[0]) =>
    new asn.GeneralSubtree({ base: new asn.GeneralName(base) });
  return AsnConvert.serialize(
    new asn.NameConstraints({
      permittedSubtrees: new asn.GeneralSubtrees([
        ...names.dns.map((dNSName) => subtree({ dNSName })),
        ...names.ipRanges.map((iPAddress) => subtree({ iPAddress })),
      ]),
    }),
  );
}

/**
 * Whether `caPem` carries exactly the critical name constraints `names` call for. A CA from before
 * the constraints (or for another --host) does not, and is replaced: exact, not "at least", so a CA
 * never stays trusted for a host the emulator no longer serves.
 */
export async function caConstrainedTo(caPem: string, names: ServedNames): Promise<boolean> {
  const asn: Asn = await import('@peculiar/asn1-x509');
  const { AsnConvert } = await import('@peculiar/asn1-schema');
  let cert: InstanceType<Asn['Certificate']>;
  try {
    cert = AsnConvert.parse(new X509Certificate(caPem).raw, asn.Certificate);
  } catch {
    return false;
  }
  const ext = cert.tbsCertificate.extensions?.find((e) => e.extnID === NAME_CONSTRAINTS_OID);
  if (!ext?.critical) return false;
  const want = Buffer.from(await constraintsDer(names));
  const got = ext.extnValue;
  return want.equals(Buffer.from(got.buffer, got.byteOffset, got.byteLength));
}

/** A new self-signed CA (EC P-256, SHA-256) valid from `notBefore` to `notAfter`, constrained to `names`. */
export async function generateCa(
  names: ServedNames,
  notBefore: Date,
  notAfter: Date,
): Promise<{ cert: string; key: string }> {
  const x509: X509 = await import('@peculiar/x509');
  type Create = typeof x509.X509CertificateGenerator.createSelfSigned;
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(alg, true, [
    'sign',
    'verify',
  ])) as Parameters<Create>[0]['keys'];
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f; // a positive INTEGER
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serial.toString('hex'),
      // A name of its own: a client that still trusts a replaced CA must not mistake it for this one.
      name: `CN=Fibonacci Emulator Local CA ${serial.subarray(0, 4).toString('hex')}`,
      notBefore,
      notAfter,
      signingAlgorithm: alg,
      keys,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature,
          true,
        ),
        new x509.Extension(NAME_CONSTRAINTS_OID, true, await constraintsDer(names)),
        await x509.SubjectKeyIdentifierExtension.create(
          keys.publicKey,
          false,
          webcrypto as Parameters<Create>[1],
        ),
      ],
      // Node's own WebCrypto, explicitly: not whatever a global provider was set to.
    },
    webcrypto as Parameters<Create>[1],
  );
  const key = KeyObject.from(keys.privateKey).export({ type: 'pkcs8', format: 'pem' }).toString();
  return { cert: cert.toString('pem'), key };
}
