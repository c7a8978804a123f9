import { describe, expect, it } from 'vitest';
import { networkFailure } from '../../../../src/lib/api/network-errors.js';

const ctx = { host: 'api.test', timeoutMs: 30_000, timedOut: false, redactText: (s: string) => s };
const coded = (code: string, message = code, extra: object = {}) =>
  Object.assign(new Error(message), { code }, extra);
/** Wrap like undici does: the Node error sits in `cause`. */
const wrapped = (cause: Error) => new TypeError('fetch failed', { cause });

describe('networkFailure', () => {
  // Newcomer pass 14, NC-5: a refused loopback port is marked local (retried only when asked).
  it.each([
    ['127.0.0.1:8443', true],
    ['localhost', true],
    ['[::1]:9', true],
    ['api.test', false],
    ['10.0.0.1:8443', false],
  ])('ECONNREFUSED from %s: local %s', (host, local) => {
    const f = networkFailure(wrapped(coded('ECONNREFUSED')), { ...ctx, host });
    expect(f.retryReason).toBe('connection refused');
    expect(f.local === true).toBe(local);
  });

  it('a server that may want a client certificate none was offered: the hint names the variables', () => {
    const early = coded('UND_ERR_SOCKET', 'other side closed', { socket: { bytesRead: 0 } });
    expect(networkFailure(early, ctx).error.hint).toBe(
      'set FIBONACCI_CLIENT_CERT and FIBONACCI_CLIENT_KEY (or pass --client-cert and --client-key) to the certificate and key the server trusts',
    );
    expect(networkFailure(early, { ...ctx, clientCert: true }).error.hint).toBeUndefined();
  });

  it.each([
    ['ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', 'the server at api.test does not support TLS 1.3', undefined],
    [
      'ERR_SSL_WRONG_VERSION_NUMBER',
      'the server at api.test did not answer in TLS: it may serve plain HTTP, or be another service on that port',
      undefined,
    ],
    [
      'ERR_SSL_PACKET_LENGTH_TOO_LONG',
      'the server at api.test did not answer in TLS: it may serve plain HTTP, or be another service on that port',
      undefined,
    ],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'certificate of api.test is not trusted', undefined],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'certificate of api.test is not trusted', undefined],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'certificate of api.test is not trusted', undefined],
    ['CERT_HAS_EXPIRED', 'certificate of api.test has expired', undefined],
    ['ECONNREFUSED', 'cannot connect to api.test: connection refused', 'connection refused'],
    ['ECONNRESET', 'the connection to api.test was reset', 'connection reset'],
    ['UND_ERR_HEADERS_TIMEOUT', 'no response from api.test within 30s', 'timed out'],
    ['UND_ERR_CONNECT_TIMEOUT', 'no response from api.test within 30s', 'timed out'],
    ['ENOTFOUND', 'cannot resolve api.test', undefined],
    ['EAI_AGAIN', 'cannot resolve api.test', 'name lookup failed'],
    [
      'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
      'the server at api.test asked for a client certificate and closed the connection without one',
      undefined,
    ],
  ])('%s (wrapped in cause) → %s', (code, message, retryReason) => {
    const f = networkFailure(wrapped(coded(code)), ctx);
    expect(f.error.kind).toBe('network');
    expect(f.error.exitCode).toBe(7);
    expect(f.error.message).toBe(message);
    expect(f.retryReason).toBe(retryReason);
  });

  it('reads the untrusted-CA hint', () => {
    expect(networkFailure(coded('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), ctx).error.hint).toBe(
      'pass its CA with --ca-cert or FIBONACCI_CA_CERT',
    );
  });

  it("finds the code inside happy-eyeballs' AggregateError", () => {
    const agg = new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')], 'connect failed');
    expect(networkFailure(wrapped(agg as unknown as Error), ctx).error.message).toBe(
      'cannot connect to api.test: connection refused',
    );
  });

  it('the client deadline is a timeout whatever undici said', () => {
    const f = networkFailure(new DOMException('aborted', 'AbortError'), {
      ...ctx,
      timedOut: true,
      timeoutMs: 1500,
    });
    expect(f.error.message).toBe('no response from api.test within 1.5s');
    expect(f.retryReason).toBe('timed out');
  });

  it('a socket closed after a response began is not blamed on client certificates', () => {
    const early = coded('UND_ERR_SOCKET', 'other side closed', { socket: { bytesRead: 0 } });
    const late = coded('UND_ERR_SOCKET', 'other side closed', { socket: { bytesRead: 512 } });
    expect(networkFailure(early, ctx).error.message).toContain('it may require a client certificate');
    expect(networkFailure(late, ctx).error.message).toBe(
      'the server at api.test closed the connection unexpectedly',
    );
    expect(networkFailure(late, ctx).retryReason).toBe('connection closed');
  });

  it('an unusable PEM is a configuration error (exit 3)', () => {
    const f = networkFailure(
      coded('ERR_OSSL_PEM_NO_START_LINE', 'error:0480006C:PEM routines::no start line'),
      ctx,
    );
    expect(f.error.kind).toBe('config');
    expect(f.error.exitCode).toBe(3);
    expect(f.error.message).toBe(
      'cannot use the TLS certificate or key: error:0480006C:PEM routines::no start line',
    );
    expect(f.retryReason).toBeUndefined();
  });

  it('anything else keeps its first line, redacted, and is not retried', () => {
    const f = networkFailure(new Error('proxy said no to fib_test_abcdefghijk\nsecond line'), {
      ...ctx,
      redactText: (s) => s.replace('fib_test_abcdefghijk', 'fib_tes…ijk'),
    });
    expect(f.error.message).toBe('network error talking to api.test: proxy said no to fib_tes…ijk');
    expect(f.retryReason).toBeUndefined();
  });
});
