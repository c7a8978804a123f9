/**
 * Build the undici dispatcher the client talks through: TLS 1.3 only, certificates always verified
 * (there is deliberately no option to turn that off), optional extra CA and client certificate, and a
 * proxy only when the environment names one.
 */
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { Agent, type Dispatcher, EnvHttpProxyAgent } from 'undici';
import { CliError } from '../errors.js';

/** What the dispatcher needs from ApiClientOptions. */
export interface DispatcherOptions {
  baseUrl: URL;
  ca?: string | undefined;
  clientCert?: string | undefined;
  clientKey?: string | undefined;
  timeoutMs: number;
  env: NodeJS.ProcessEnv;
}

/**
 * The CA list: Node's bundled roots plus the extra PEM. Passing `ca` replaces Node's defaults, so the
 * roots are added back (public CAs keep working behind --ca-cert) and so is NODE_EXTRA_CA_CERTS,
 * which Node only applies to the default list.
 */
export function caList(extra: string | undefined, env: NodeJS.ProcessEnv): string[] | undefined {
  if (extra === undefined) return undefined;
  const list = [...rootCertificates, extra];
  const nodeExtra = env.NODE_EXTRA_CA_CERTS;
  if (nodeExtra) {
    try {
      list.push(readFileSync(nodeExtra, 'utf8'));
    } catch {
      // Node already warned about an unreadable NODE_EXTRA_CA_CERTS at start-up; don't fail twice.
    }
  }
  return list;
}

/** The proxy URL for the base URL's scheme, or undefined. Lower case first, as curl and undici do. */
export function proxyFor(baseUrl: URL, env: NodeJS.ProcessEnv): string | undefined {
  const value =
    baseUrl.protocol === 'https:' ? (env.https_proxy ?? env.HTTPS_PROXY) : (env.http_proxy ?? env.HTTP_PROXY);
  return value ? value : undefined;
}

/** A dispatcher for `options`; EnvHttpProxyAgent only when a proxy variable is set. */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  if ((options.clientCert === undefined) !== (options.clientKey === undefined)) {
    throw new CliError('usage', 'a client certificate needs both --client-cert and --client-key');
  }
  const tls = {
    ca: caList(options.ca, options.env),
    cert: options.clientCert,
    key: options.clientKey,
    minVersion: 'TLSv1.3' as const,
    // Explicit, so no option object elsewhere can weaken it.
    rejectUnauthorized: true,
  };
  const timeouts = {
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  };
  const proxy = proxyFor(options.baseUrl, options.env);
  if (proxy === undefined) {
    return new Agent({ ...timeouts, connect: { ...tls, timeout: options.timeoutMs } });
  }
  // Values are passed explicitly (never left undefined) so undici does not read process.env itself.
  return new EnvHttpProxyAgent({
    ...timeouts,
    httpProxy: proxy,
    httpsProxy: proxy,
    noProxy: options.env.no_proxy ?? options.env.NO_PROXY ?? '',
    connect: { ...tls, timeout: options.timeoutMs },
    requestTls: { ...tls, timeout: options.timeoutMs },
    // The proxy itself may be HTTPS with a corporate CA; trust the same list, without the 1.3 floor.
    proxyTls: { ca: tls.ca, timeout: options.timeoutMs },
  });
}
