/**
 * Whether a server's certificate names the host the CLI asked for. Node's default check falls back
 * to the subject's common name when a certificate has no DNS subject alternative name, and OpenSSL
 * holds a CN to a CA's DNS name constraints only when it contains a dot: so a leaf for `/CN=vm`
 * without SANs, signed by the emulator's constrained CA, passed both checks for `https://vm`, and the
 * key went to it. RFC 6125 deprecates the CN fallback, and curl and browsers refuse it; so does this.
 */
import { checkServerIdentity as nodeCheck, type PeerCertificate } from 'node:tls';

/** The error code a certificate that names the host in its CN only is refused with. */
export const CN_ONLY_CODE = 'FIB_TLS_CERT_CN_ONLY';

/**
 * tls.checkServerIdentity without the CN fallback: a host name must match a DNS subject
 * alternative name (an address, an IP one, as Node already requires). Node's own parser reads the
 * SAN list (quoted entries included); the CN is simply not offered to it.
 */
export function checkServerIdentity(host: string, cert: PeerCertificate): Error | undefined {
  const withoutCn = { ...cert, subject: { ...cert.subject, CN: undefined } } as unknown as PeerCertificate;
  const refused = nodeCheck(host, withoutCn);
  if (refused === undefined || nodeCheck(host, cert) !== undefined) return refused;
  // Only the CN vouched for this host: say so, rather than "another host name".
  return Object.assign(
    new Error(`the certificate names ${host} only in its subject CN, not as a subject alternative name`),
    { code: CN_ONLY_CODE, host },
  );
}
