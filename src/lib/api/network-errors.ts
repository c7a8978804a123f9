/**
 * Turn a failed connection into a human sentence per cause (README.md, Exit codes: exit 7 for network and TLS
 * failures) and decide whether the failure is worth a retry. undici wraps Node's errors, so the
 * code is found by walking `cause` (and AggregateError's `errors`, from happy-eyeballs connects).
 */
import { subscribe } from 'node:diagnostics_channel';
import { CliError } from '../errors.js';
import { CN_ONLY_CODE, PROXY_FAILURE, type ProxyHop } from './dispatcher.js';

/** A classified failure: the error to throw, and the retry reason when a retry may help. */
export interface NetworkFailure {
  error: CliError;
  /** Short words for the retry announcement ("connection reset"); undefined = never retry. */
  retryReason: string | undefined;
  /**
   * A failure a retry a moment later meets again unless the user acts: nothing listens on a
   * loopback port (the emulator is not started). Retried only when the user set a retry count
   * (--retries, FIBONACCI_MAX_RETRIES, config.json): newcomer pass 14, NC-5, ~3 s of retries.
   */
  local?: boolean;
}

/** What the client knows about the failed attempt. */
export interface NetworkContext {
  /** host[:port] of the server. */
  host: string;
  timeoutMs: number;
  /** The client's own per-request deadline fired. */
  timedOut: boolean;
  /** The proxy the request went through (HTTPS_PROXY), when one is used. */
  proxy?: ProxyHop | undefined;
  /** The deadline fired while the proxy had not answered the CONNECT. */
  tunnelPending?: boolean | undefined;
  /** A client certificate was offered (--client-cert/--client-key). */
  clientCert?: boolean | undefined;
  redactText: (s: string) => string;
}

interface Facts {
  codes: Set<string>;
  names: Set<string>;
  messages: string[];
  /** Bytes of response the socket had read when it closed (undici's SocketError reports it). */
  bytesRead: number | undefined;
  /** Node's explanation of a hostname mismatch. */
  reason: string | undefined;
  /** The proxy, when the failure was reaching it (dispatcher.ts marks those). */
  proxy: ProxyHop | undefined;
}

function collect(err: unknown): Facts {
  const facts: Facts = {
    codes: new Set(),
    names: new Set(),
    messages: [],
    bytesRead: undefined,
    reason: undefined,
    proxy: undefined,
  };
  const seen = new Set<unknown>();
  const visit = (e: unknown): void => {
    if (e === null || typeof e !== 'object' || seen.has(e)) return;
    seen.add(e);
    const o = e as { code?: unknown; name?: unknown; message?: unknown; reason?: unknown; socket?: unknown };
    if (typeof o.code === 'string') facts.codes.add(o.code);
    if (typeof o.name === 'string') facts.names.add(o.name);
    if (typeof o.message === 'string' && o.message !== '') facts.messages.push(o.message);
    if (typeof o.reason === 'string') facts.reason ??= o.reason;
    facts.proxy ??= (e as { [PROXY_FAILURE]?: ProxyHop })[PROXY_FAILURE];
    const read = (o.socket as { bytesRead?: unknown } | undefined)?.bytesRead;
    if (typeof read === 'number') facts.bytesRead ??= read;
    visit((e as { cause?: unknown }).cause);
    if (e instanceof AggregateError) e.errors.forEach(visit);
  };
  visit(err);
  return facts;
}

const TIMEOUT_CODES = [
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
];
const TLS_VERSION_CODES = [
  'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
  'ERR_SSL_UNSUPPORTED_PROTOCOL',
  'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
];
/**
 * What OpenSSL says when the first bytes back are no TLS record at all: a plain-HTTP server (its
 * `HTTP/1.1 400` read as a record header), or another protocol on that port. A server that speaks
 * an older TLS answers with a protocol_version alert instead (TLS_VERSION_CODES).
 */
const NOT_TLS_CODES = ['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG'];
const UNTRUSTED_CODES = [
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
];
const CLIENT_CERT_REFUSED_CODES = [
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
  'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN',
  'ERR_SSL_TLSV1_ALERT_ACCESS_DENIED',
];
/**
 * The remedy when a server may want a client certificate none was offered: a hint naming the
 * variables `emulator start --require-client-cert` prints (newcomer pass 14, NC-17: the advice was
 * in the error's parentheses, with no hint line). Its certificate_required alert is never retried.
 */
const NO_CLIENT_CERT_HINT =
  'set FIBONACCI_CLIENT_CERT and FIBONACCI_CLIENT_KEY (or pass --client-cert and --client-key) to the certificate and key the server trusts';

/** Said for a certificate_required alert and for a close after a CertificateRequest alike. */
const NO_CLIENT_CERT = (host: string) =>
  `the server at ${host} asked for a client certificate and closed the connection without one`;

/**
 * A deadline as the user gave it, in seconds: `0.001s` for --timeout 0.001, where formatWait's one
 * decimal said "within 0s" (newcomer pass 14, NC-26).
 */
export function formatLimit(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))}s`;
}
const API_URL_HINT = 'check --api-url (FIBONACCI_BASE_URL)';

/**
 * Whether the last TLS handshake with a host (url.host) carried the server's CertificateRequest:
 * on the client, OpenSSL's shared signature algorithms are filled in from that message alone, so
 * getSharedSigalgs() is empty unless the server asked for a certificate. A Node server refusing
 * a missing one closes the socket before any byte, exactly as a dropped connection does; this
 * tells the two apart (newcomer pass 14, NC-17: 3 retries, 3.6 s, of a close that repeats). Read
 * from undici's `undici:client:connected` channel, on the handshaken socket.
 */
const certificateAsked = new Map<string, boolean>();
subscribe('undici:client:connected', (message) => {
  const { connectParams, socket } = message as {
    connectParams?: { host?: unknown };
    socket?: { getSharedSigalgs?: () => string[] };
  };
  if (typeof connectParams?.host !== 'string' || typeof socket?.getSharedSigalgs !== 'function') return;
  certificateAsked.set(connectParams.host, socket.getSharedSigalgs().length > 0);
});

/** Classify one failed attempt. */
export function networkFailure(err: unknown, ctx: NetworkContext): NetworkFailure {
  const f = collect(err);
  const has = (codes: readonly string[]) => codes.some((c) => f.codes.has(c));
  const said = (re: RegExp) => f.messages.some((m) => re.test(m));
  const { host } = ctx;
  const fail = (
    message: string,
    hint?: string,
    retryReason?: string,
    kind: 'network' | 'config' = 'network',
  ) => ({
    error: new CliError(kind, ctx.redactText(message), {
      hint: hint === undefined ? undefined : ctx.redactText(hint),
      cause: err,
    }),
    retryReason,
  });

  if (f.proxy !== undefined && !ctx.timedOut) return proxyFailure(f, fail);
  if (ctx.proxy !== undefined) {
    const tunnel = tunnelFailure(ctx.proxy, f, ctx, fail);
    if (tunnel !== undefined) return tunnel;
  }
  if (ctx.timedOut || has(TIMEOUT_CODES) || f.names.has('TimeoutError')) {
    return fail(
      `no response from ${host} within ${formatLimit(ctx.timeoutMs)}`,
      'the server may be down or overloaded; --timeout (FIBONACCI_TIMEOUT) sets the limit in seconds',
      'timed out',
    );
  }
  if (has(NOT_TLS_CODES) || said(/wrong version number|packet length too long/i)) {
    return fail(
      `the server at ${host} did not answer in TLS: it may serve plain HTTP, or be another service on that port`,
      `the API is served over TLS 1.3; ${API_URL_HINT}: its host and port`,
    );
  }
  if (has(TLS_VERSION_CODES) || said(/unsupported protocol/i)) {
    return fail(
      `the server at ${host} does not support TLS 1.3`,
      `the CLI requires TLS 1.3; ${API_URL_HINT}, and that it is an HTTPS address`,
    );
  }
  if (has(UNTRUSTED_CODES)) {
    return fail(`certificate of ${host} is not trusted`, 'pass its CA with --ca-cert or FIBONACCI_CA_CERT');
  }
  // OpenSSL's name-constraint failures carry no code of their own in Node ('UNSPECIFIED').
  if (said(/subtree violation|name constraint/i)) {
    return fail(
      `certificate of ${host} is not trusted: its CA may only vouch for other names (X.509 name constraints)`,
      `the CA given with --ca-cert (FIBONACCI_CA_CERT), e.g. an emulator's, is not one for ${host}; ${API_URL_HINT}`,
    );
  }
  if (f.codes.has('CERT_HAS_EXPIRED')) {
    return fail(
      `certificate of ${host} has expired`,
      "the server's certificate must be renewed (or check this machine's clock)",
    );
  }
  if (f.codes.has('CERT_NOT_YET_VALID')) {
    return fail(`certificate of ${host} is not valid yet`, "check this machine's clock");
  }
  if (f.codes.has(CN_ONLY_CODE)) {
    return fail(
      `certificate of ${host} is not accepted: it names the host only in its subject CN, not as a subject alternative name`,
      "the server's certificate must list its host name in subjectAltName (RFC 6125); check --api-url (FIBONACCI_BASE_URL)",
    );
  }
  if (f.codes.has('ERR_TLS_CERT_ALTNAME_INVALID')) {
    const why = f.reason ? ` (${f.reason})` : '';
    return fail(`certificate of ${host} is for another host name${why}`, API_URL_HINT);
  }
  if (f.codes.has('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED')) {
    return fail(NO_CLIENT_CERT(host), NO_CLIENT_CERT_HINT);
  }
  if (has(CLIENT_CERT_REFUSED_CODES)) {
    return fail(
      `the server at ${host} refused the client certificate`,
      'check --client-cert and --client-key',
    );
  }
  if ([...f.codes].some((c) => c.startsWith('ERR_OSSL_')) || said(/PEM|key values mismatch/)) {
    const first = (f.messages[0] ?? '').split('\n')[0];
    return fail(
      `cannot use the TLS certificate or key: ${first}`,
      'check the PEM files given to --ca-cert, --client-cert and --client-key',
      undefined,
      'config',
    );
  }
  if (f.codes.has('UND_ERR_SOCKET') || said(/other side closed/)) {
    // Under TLS 1.3 a server that rejects (or wanted) a client certificate just closes the socket
    // after the handshake, before any response byte; that is the one case worth naming.
    const early = f.bytesRead === undefined || f.bytesRead === 0;
    if (early && ctx.clientCert !== true) {
      const asked = certificateAsked.get(host);
      // It asked for one and got none: the same close every time, not retried.
      if (asked === true) {
        return fail(NO_CLIENT_CERT(host), NO_CLIENT_CERT_HINT);
      }
      // It did not ask: a dropped connection (a proxy, a balancer), worth another try.
      if (asked === false) {
        return fail(
          `the server at ${host} closed the connection before answering`,
          undefined,
          'connection closed',
        );
      }
      return fail(
        `the server at ${host} closed the connection before answering: it may require a client certificate`,
        NO_CLIENT_CERT_HINT,
        'connection closed',
      );
    }
    const message = early
      ? `the server at ${host} closed the connection (it may require a client certificate: --client-cert/--client-key)`
      : `the server at ${host} closed the connection unexpectedly`;
    return fail(message, undefined, 'connection closed');
  }
  if (f.codes.has('ECONNRESET') || f.codes.has('EPIPE')) {
    return fail(`the connection to ${host} was reset`, undefined, 'connection reset');
  }
  if (f.codes.has('ECONNREFUSED')) {
    // Nothing listens on a loopback address: most often the emulator is not started (newcomer pass 12).
    // A bare `emulator start` listens on a free port (its default is 0), not on the one the URL
    // names, so the command the hint gave left this one refused: the hint names the port.
    const local = /^(?:localhost|127\.\d+\.\d+\.\d+|\[::1\])(?::(\d+))?$/i.exec(host);
    const start = !local
      ? ''
      : local[1]
        ? ` (\`fibonacci emulator start --port ${local[1]}\` starts the local one there)`
        : ' (`fibonacci emulator start` starts the local one)';
    const refused = fail(
      `cannot connect to ${host}: connection refused`,
      `${API_URL_HINT} and that the server is running${start}`,
      'connection refused',
    );
    return local ? { ...refused, local: true } : refused;
  }
  if (f.codes.has('ENOTFOUND') || f.codes.has('EAI_AGAIN')) {
    const retry = f.codes.has('EAI_AGAIN') ? 'name lookup failed' : undefined;
    return fail(`cannot resolve ${host}`, `${API_URL_HINT} and the network connection`, retry);
  }
  if (has(['EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN'])) {
    return fail(
      `cannot reach ${host}: network unreachable`,
      'check the network connection',
      'network unreachable',
    );
  }
  const first = (f.messages[0] ?? 'unknown error').split('\n')[0];
  return fail(`network error talking to ${host}: ${first}`);
}

/**
 * A failure to reach the proxy itself, named as the proxy (never its userinfo), with the variable
 * to fix: not the API server, which was never reached. Retried as the same failure would be.
 */
function proxyFailure(
  f: Facts,
  fail: (message: string, hint?: string, retryReason?: string) => NetworkFailure,
): NetworkFailure {
  const { at, variable } = f.proxy as ProxyHop;
  const proxy = `${at} (${variable})`;
  const hint = `check ${variable}, and that the proxy is running; NO_PROXY lists the hosts reached without it`;
  const has = (codes: readonly string[]) => codes.some((c) => f.codes.has(c));
  if (has(TIMEOUT_CODES)) return fail(`cannot connect to the proxy ${proxy}: timed out`, hint, 'timed out');
  if (f.codes.has('ECONNREFUSED'))
    return fail(`cannot connect to the proxy ${proxy}: connection refused`, hint, 'connection refused');
  if (has(['ENOTFOUND', 'EAI_AGAIN'])) {
    const retry = f.codes.has('EAI_AGAIN') ? 'name lookup failed' : undefined;
    return fail(`cannot resolve the proxy ${proxy}`, hint, retry);
  }
  if (has(['ECONNRESET', 'EPIPE']))
    return fail(`the connection to the proxy ${proxy} was reset`, hint, 'connection reset');
  if (has(['EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN']))
    return fail(`cannot reach the proxy ${proxy}: network unreachable`, hint, 'network unreachable');
  if (has(UNTRUSTED_CODES)) return fail(`certificate of the proxy ${proxy} is not trusted`, hint);
  const first = (f.messages[0] ?? 'unknown error').split('\n')[0];
  return fail(`cannot use the proxy ${proxy}: ${first}`, hint);
}

/** undici's words for a CONNECT the proxy answered with another status than 200. */
const TUNNEL_REFUSED = /^Proxy response \((\d{3})\) !== 200 when HTTP Tunneling/;

/**
 * A failure of the tunnel through the proxy (HTTPS_PROXY): its CONNECT refused (407: it wants a user
 * and password; another status) or never answered. Named as the proxy, `http://host:port` and its
 * variable, never the userinfo; undici said "Proxy response (407) !== 200 when HTTP Tunneling", and
 * a silent proxy was "no response from" the API.
 */
function tunnelFailure(
  hop: ProxyHop,
  f: Facts,
  ctx: NetworkContext,
  fail: (message: string, hint?: string, retryReason?: string) => NetworkFailure,
): NetworkFailure | undefined {
  const proxy = `${hop.at} (${hop.variable})`;
  if (ctx.timedOut && ctx.tunnelPending === true) {
    return fail(
      `the proxy ${proxy} accepted the connection but did not open the tunnel to ${ctx.host} within ${formatLimit(ctx.timeoutMs)}`,
      `check ${hop.variable} and the proxy; NO_PROXY lists the hosts reached without it; --timeout (FIBONACCI_TIMEOUT) sets the limit`,
      'timed out',
    );
  }
  const status = f.messages.map((m) => TUNNEL_REFUSED.exec(m)?.[1]).find((s) => s !== undefined);
  if (status === undefined) return undefined;
  if (status === '407') {
    return fail(
      `the proxy ${proxy} asked for authentication (407 Proxy Authentication Required)`,
      `give the proxy's user and password in ${hop.variable} (http://user:password@host:port), or check them if it holds some`,
    );
  }
  const passing = status === '502' || status === '503' || status === '504';
  return fail(
    `the proxy ${proxy} refused the tunnel to ${ctx.host}: it answered ${status}`,
    `check ${hop.variable} and that the proxy may reach ${ctx.host}; NO_PROXY lists the hosts reached without it`,
    passing ? `proxy answered ${status}` : undefined,
  );
}
