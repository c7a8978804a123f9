/**
 * Build the undici dispatcher the client talks through: TLS 1.3 only, certificates always verified
 * (there is deliberately no option to turn that off), optional extra CA and client certificate, and a
 * proxy only when the environment names one.
 */
import { X509Certificate } from 'node:crypto';
import {
  createSecureContext,
  checkServerIdentity as nodeCheck,
  type PeerCertificate,
  type SecureContext,
} from 'node:tls';
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

/** The most a response's header block may hold: Node's own default (`http.maxHeaderSize`). */
const MAX_HEADER_BYTES = 16 * 1024;
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

// Each names only the files involved (newcomer pass 14, NC-18: a bad client pair named --ca-cert too).
const PEM_HINTS = {
  'client certificate or key':
    'check the PEM files given to --client-cert and --client-key (FIBONACCI_CLIENT_CERT, FIBONACCI_CLIENT_KEY): a certificate and its own private key',
  'extra CA': 'check the PEM file given to --ca-cert (FIBONACCI_CA_CERT)',
} as const;

function configError(what: keyof typeof PEM_HINTS, e: unknown): CliError {
  const first = ((e as Error).message ?? String(e)).split('\n')[0];
  return new CliError('config', `cannot use the ${what}: ${first}`, { hint: PEM_HINTS[what] });
}

/**
 * The TLS context: Node's default roots (which already hold NODE_EXTRA_CA_CERTS) plus the extra CA,
 * and the client certificate. The extra CA is added to the default store rather than passed as
 * `ca`, which would make Node parse its ~140 bundled roots again: 25–60 ms on every command.
 */
export function secureContextFor(
  o: { ca?: string | undefined; cert?: string | undefined; key?: string | undefined },
  minVersion: 'TLSv1.3' | undefined,
): SecureContext {
  let context: SecureContext;
  try {
    context = createSecureContext({ cert: o.cert, key: o.key, ...(minVersion ? { minVersion } : {}) });
  } catch (e) {
    throw configError('client certificate or key', e);
  }
  if (o.ca !== undefined) {
    const certs = o.ca.match(PEM_CERTIFICATE) ?? [];
    if (certs.length === 0) throw configError('extra CA', new Error('no PEM certificate in it'));
    for (const pem of certs) {
      try {
        new X509Certificate(pem); // addCACert ignores what it cannot parse: check first.
      } catch (e) {
        throw configError('extra CA', e);
      }
      context.context.addCACert(pem);
    }
  }
  return context;
}

// Whether a server's certificate names the host the CLI asked for. Node's default check falls back
// to the subject's common name when a certificate has no DNS subject alternative name, and OpenSSL
// holds a CN to a CA's DNS name constraints only when it contains a dot: so a leaf for `/CN=vm`
// without SANs, signed by the emulator's constrained CA, passed both checks for `https://vm`, and
// the key went to it. RFC 6125 deprecates the CN fallback and browsers refuse it (curl 7.88 still
// accepts it); the CLI refuses it too.

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

/** The proxy URL for the base URL's scheme, or undefined. Lower case first, as curl and undici do. */
export function proxyFor(baseUrl: URL, env: NodeJS.ProcessEnv): string | undefined {
  return proxyVariable(baseUrl, env)?.value;
}

/** The proxy variable the base URL's scheme reads, by name (for messages), when one is set. */
function proxyVariable(baseUrl: URL, env: NodeJS.ProcessEnv): { name: string; value: string } | undefined {
  const names = baseUrl.protocol === 'https:' ? ['https_proxy', 'HTTPS_PROXY'] : ['http_proxy', 'HTTP_PROXY'];
  const name = names.find((n) => env[n] !== undefined);
  const value = name === undefined ? undefined : env[name];
  return name === undefined || !value ? undefined : { name, value };
}

/** Where a failure to reach the proxy itself is marked (network-errors.ts names the proxy then). */
export const PROXY_FAILURE = Symbol('fibonacci.proxyFailure');
/** The proxy a failure was on: `http://host:port`, never its userinfo, and the variable naming it. */
export interface ProxyHop {
  at: string;
  variable: string;
}

/**
 * The proxy, named for messages as `http://host:port` and its variable: never its userinfo, which may
 * hold a password. A value that is not an http:// or https:// URL is a configuration error naming
 * the variable, not its value (it may hold a password too, in a form no parser can find).
 */
function proxyHop(name: string, value: string): ProxyHop {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    throw new CliError('config', `${name} is not a proxy URL (http://host:port or https://host:port)`, {
      hint: `fix or unset ${name}; NO_PROXY lists the hosts reached without it`,
    });
  }
  return { at: `${url.protocol}//${url.host}`, variable: name };
}

/** What the client knows of the proxy a dispatcher goes through (client.ts, network-errors.ts). */
export interface ProxyState {
  hop: ProxyHop;
  /** CONNECT requests sent to the proxy and not answered yet. */
  connecting: number;
}
/** Where createDispatcher leaves the ProxyState on a dispatcher that uses a proxy. */
export const PROXY_STATE = Symbol('fibonacci.proxyState');

/** The proxy a dispatcher made here goes through, if any. */
export function proxyStateOf(dispatcher: Dispatcher): ProxyState | undefined {
  return (dispatcher as { [PROXY_STATE]?: ProxyState })[PROXY_STATE];
}

/**
 * undici's client to the proxy, its connection failures marked with the proxy: undici
 * reports a refused or unresolved proxy as it reports the API server, so the error would send the
 * user to --api-url. Its CONNECT has the request timeout (undici's default is 300 s: a proxy that
 * accepted the connection and never answered held the CLI, and its close(), that long), and is
 * counted while unanswered, so a timeout then names the proxy. Failures past the proxy (its
 * CONNECT answer, the TLS to the API through the tunnel) are not marked and are told apart in
 * network-errors.ts.
 */
function markedProxyClient(state: ProxyState, timeoutMs: number) {
  return (_origin: URL, opts: { connect: Agent.Options['connect'] }): Dispatcher => {
    const connect = opts.connect as (o: object, cb: (err: Error | null, socket: unknown) => void) => void;
    // A second past the attempt's own deadline (client.ts), which fires first and names the proxy.
    const agent = new Agent({
      headersTimeout: timeoutMs + 1000,
      bodyTimeout: timeoutMs + 1000,
      maxHeaderSize: MAX_HEADER_BYTES,
      connect: (o, cb) =>
        connect(o, (err, socket) => {
          if (err !== null) Object.defineProperty(err, PROXY_FAILURE, { value: state.hop });
          (cb as (err: Error | null, socket: unknown) => void)(err, socket);
        }),
    });
    // undici's ProxyAgent calls connect(params) and awaits it.
    const tunnel = agent.connect.bind(agent) as (
      o: Dispatcher.ConnectOptions,
    ) => Promise<Dispatcher.ConnectData>;
    Object.defineProperty(agent, 'connect', {
      value: async (o: Dispatcher.ConnectOptions) => {
        state.connecting++;
        try {
          return await tunnel(o);
        } finally {
          state.connecting--;
        }
      },
    });
    return agent;
  };
}

/** A dispatcher for `options`; EnvHttpProxyAgent only when a proxy variable is set. */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  if ((options.clientCert === undefined) !== (options.clientKey === undefined)) {
    throw new CliError('usage', 'a client certificate needs both --client-cert and --client-key');
  }
  const tls = {
    secureContext: secureContextFor(
      { ca: options.ca, cert: options.clientCert, key: options.clientKey },
      'TLSv1.3',
    ),
    minVersion: 'TLSv1.3' as const,
    // Explicit, so no option object elsewhere can weaken it.
    rejectUnauthorized: true,
    // A host name must be a DNS subject alternative name: no CN fallback (above). A function,
    // which undici up to 7.30.0 dropped silently: test/e2e/tls-identity.test.ts proves it is used
    // on the direct path and through a proxy (requestTls).
    checkServerIdentity,
  };
  const timeouts = {
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    // Node's default, given so undici does not load node:http to read it (scripts/esbuild-common.mjs,
    // undiciLazyHttpAssert): the API's response headers are a few hundred bytes.
    maxHeaderSize: MAX_HEADER_BYTES,
  };
  const variable = proxyVariable(options.baseUrl, options.env);
  if (variable === undefined) {
    return new Agent({ ...timeouts, connect: { ...tls, timeout: options.timeoutMs } });
  }
  // Values are passed explicitly (never left undefined) so undici does not read process.env itself.
  const proxy = variable.value;
  const state: ProxyState = { hop: proxyHop(variable.name, proxy), connecting: 0 };
  const agent = new EnvHttpProxyAgent({
    ...timeouts,
    httpProxy: proxy,
    httpsProxy: proxy,
    clientFactory: markedProxyClient(state, options.timeoutMs),
    noProxy: options.env.no_proxy ?? options.env.NO_PROXY ?? '',
    connect: { ...tls, timeout: options.timeoutMs },
    requestTls: { ...tls, timeout: options.timeoutMs },
    // The proxy itself may be HTTPS with a corporate CA; trust the same list, without the 1.3 floor.
    proxyTls: {
      secureContext: secureContextFor({ ca: options.ca }, undefined),
      rejectUnauthorized: true,
      timeout: options.timeoutMs,
    },
  });
  Object.defineProperty(agent, PROXY_STATE, { value: state });
  return agent;
}
