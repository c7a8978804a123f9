/**
 * The one shared API client (README.md "Network behaviour"): JSON over TLS 1.3, the key only to the
 * configured origin, no redirects followed, a deadline on every attempt, retries for idempotent
 * requests with every wait announced, and every failure mapped to a CliError.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { type Dispatcher, request as undiciRequest } from 'undici';
import { CliError, redact } from '../errors.js';
import { apiOrigin, keyAllowedFor, parseApiUrl } from '../origin.js';
import { parseJson, readBody } from './body.js';
import { createDispatcher, proxyStateOf } from './dispatcher.js';
import { httpError } from './http-errors.js';
import { type NetworkFailure, networkFailure } from './network-errors.js';
import {
  backoffMs,
  isIdempotent,
  isRetryableStatus,
  mayResend,
  parseRetryAfter,
  retryAfterAsked,
  retryMessage,
  statusReason,
} from './retry.js';
import { watchSend } from './send-watch.js';
import type {
  ApiClient,
  ApiClientOptions,
  ApiResponse,
  HttpMethod,
  QueryValue,
  RequestOptions,
} from './types.js';

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  requestId: string | undefined;
  body: string;
  /** The undecoded body, only when the request asked for rawBody. */
  bytes?: Buffer;
}

/** Join `path` under the base URL (keeping any path prefix of the base) and add the query. */
export function buildUrl(base: URL, path: string, query?: Record<string, QueryValue>): URL {
  const url = /^https?:\/\//i.test(path)
    ? new URL(path)
    : new URL(`${base.origin}${base.pathname.replace(/\/+$/, '')}${path.startsWith('/') ? '' : '/'}${path}`);
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) url.searchParams.append(name, String(v));
  }
  return url;
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/**
 * Settle with `work`, or reject with the signal's reason as soon as it aborts. undici only acts on an
 * abort once a socket is connected, so a server that accepts TCP but never finishes the handshake
 * would otherwise outlive the deadline until undici's own (coarser) connect timer fires.
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  // The abandoned work still settles later; its rejection is expected and must not go unhandled.
  work.catch(() => {});
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Create the client; the dispatcher (and its sockets) lives until close(). */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const base = parseApiUrl(options.baseUrl);
  const origin = apiOrigin(base);
  // The last line of defence for stored keys: whatever the caller resolved, a key bound to one
  // origin is never put into a client that talks to another (nor one bound to no origin at all).
  if (options.apiKey !== undefined) {
    const keyOrigin = options.apiKeyOrigin ?? 'no origin';
    if (!keyAllowedFor({ key: options.apiKey, origin: keyOrigin }, origin)) {
      throw new CliError('unexpected', `refusing to send the key stored for ${keyOrigin} to ${origin}`, {
        hint: 'this is a bug in the CLI: please report it',
      });
    }
  }
  const ownDispatcher = options.dispatcher === undefined;
  const dispatcher: Dispatcher =
    options.dispatcher ??
    createDispatcher({
      baseUrl: base,
      ca: options.ca,
      clientCert: options.clientCert,
      clientKey: options.clientKey,
      timeoutMs: options.timeoutMs,
      env: options.env,
    });
  const maxRetries = Math.max(0, Math.floor(options.maxRetries));
  const proxy = ownDispatcher ? proxyStateOf(dispatcher) : undefined;
  let abandoned = false;

  /**
   * One attempt: a response (any status), or a classified network failure and whether any byte of
   * the request may have reached the server (send-watch.ts).
   */
  async function attempt(
    method: HttpMethod,
    url: URL,
    headers: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal | undefined,
    redactText: (s: string) => string,
    raw = false,
  ): Promise<RawResponse | (NetworkFailure & { written: boolean })> {
    // undici's own timers are coarse (about 1 s) and cover phases separately; this deadline bounds
    // the whole attempt: connect, TLS handshake, headers and body. A timer and a listener released
    // when the attempt ends, not AbortSignal.timeout() and .any(): those outlived the attempt until
    // a full GC, and an export makes a thousand attempts (its peak RSS grew with its length).
    const own = new AbortController();
    let timedOut = false;
    /** The deadline fired while the proxy had not answered the CONNECT yet. */
    let tunnelPending = false;
    const timer = setTimeout(() => {
      timedOut = true;
      tunnelPending = (proxy?.connecting ?? 0) > 0;
      own.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    }, options.timeoutMs);
    const follow = () => own.abort(signal?.reason);
    if (signal?.aborted) follow();
    else signal?.addEventListener('abort', follow, { once: true });
    const combined = own.signal;
    // process.hrtime, not performance.now(): the `performance` global loads perf_hooks (~0.3 ms).
    const started = process.hrtime.bigint();
    const elapsed = () => Math.round(Number(process.hrtime.bigint() - started) / 1e6);
    options.debug?.(redactText(`→ ${method} ${url.href}`));
    const watch = watchSend(dispatcher);
    try {
      const exchange = (async () => {
        const res = await undiciRequest(url, {
          method,
          headers,
          body,
          dispatcher: watch.dispatcher,
          signal: combined,
          headersTimeout: options.timeoutMs,
          bodyTimeout: options.timeoutMs,
        });
        const all = await readBody(res.body, res.headers['content-length'], url.host);
        // A raw body stays bytes: no 3 MB string on the JS heap for a page nobody parses whole.
        if (raw) return { res, text: '', bytes: all };
        return { res, text: all.toString('utf8'), bytes: undefined };
      })();
      const { res, text: bodyText, bytes } = await untilAborted(exchange, combined);
      const ok = res.statusCode >= 200 && res.statusCode < 300;
      // Error bodies are small and read as text by httpError.
      const text = bytes && !ok ? bytes.toString('utf8') : bodyText;
      const flat = flattenHeaders(res.headers);
      const requestId = flat['x-request-id'];
      const req = requestId ? ` (request ${requestId})` : '';
      options.debug?.(redactText(`← ${res.statusCode} in ${elapsed()}ms${req}`));
      return {
        status: res.statusCode,
        headers: flat,
        requestId,
        body: text,
        ...(bytes && ok ? { bytes } : {}),
      };
    } catch (e) {
      // The caller's own abort (Ctrl-C, --follow ending) is theirs to handle, not a network error.
      if (signal?.aborted) throw signal.reason;
      // An answer too large is the server's nature, not a passing failure: never retried.
      if (e instanceof CliError) throw e;
      // An attempt given up on may leave a request in flight (a CONNECT never answered): close()
      // must not wait for it.
      abandoned ||= timedOut;
      const failure = networkFailure(e, {
        host: url.host,
        timeoutMs: options.timeoutMs,
        timedOut,
        proxy: proxy?.hop,
        tunnelPending,
        clientCert: options.clientCert !== undefined,
        redactText,
      });
      const written = watch.written();
      const sent = written ? '' : ' (nothing sent)';
      options.debug?.(redactText(`← failed after ${elapsed()}ms${sent}: ${failure.error.message}`));
      return { ...failure, written };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', follow);
    }
  }

  async function request<T>(
    method: HttpMethod,
    path: string,
    opts: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const url = buildUrl(base, path, opts.query);
    const secrets = [
      ...(options.apiKey ? [options.apiKey] : []),
      // Its random part too, repeated by a server without the `fib_test_` prefix (hostile re-pass s14).
      ...(options.apiKey ? keyBody(options.apiKey) : []),
      ...(options.redact ?? []),
      ...(opts.redact ?? []),
    ];
    const redactText = (s: string) => redact(s, secrets);
    const headers: Record<string, string> = {
      ...Object.fromEntries(
        Object.entries(opts.headers ?? {}).filter(([k]) => k.toLowerCase() !== 'authorization'),
      ),
      'user-agent': options.userAgent,
      accept: 'application/json',
    };
    // The key goes only to the configured origin: an absolute URL elsewhere never sees it.
    if (opts.auth !== false && options.apiKey && url.origin === origin) {
      headers.authorization = `Bearer ${options.apiKey}`;
    }
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] = 'application/json';
    }
    // A POST or PATCH gets the same budget, but spends it only on failures that sent nothing.
    const totalAttempts = maxRetries + 1;
    const { signal } = opts;
    const sleep =
      options.sleep ??
      ((ms: number) =>
        delay(ms, undefined, { signal }).catch((e: unknown) => {
          throw signal?.aborted ? signal.reason : e;
        }));

    for (let n = 1; ; n++) {
      const outcome = await attempt(method, url, headers, body, opts.signal, redactText, opts.rawBody);
      const canRetry = n < totalAttempts;
      let waitMs: number;
      let reason: string;
      if ('error' in outcome) {
        const why = outcome.retryReason;
        const local = outcome.local === true && options.retriesAsked !== true;
        if (!canRetry || why === undefined || local || !mayResend(method, outcome.written))
          throw outcome.error;
        waitMs = backoffMs(n);
        reason = why;
      } else {
        const { status } = outcome;
        const ok = (status >= 200 && status < 300) || (opts.okStatuses?.includes(status) ?? false);
        if (ok && outcome.bytes) return { ...outcome, data: outcome.bytes as T };
        if (ok) return { ...outcome, data: parseJson<T>(outcome, url.host) };
        if (status === 401 && options.apiKey !== undefined) options.onKeyRefused?.();
        const retryAfterMs = parseRetryAfter(outcome.headers['retry-after']);
        // The error's hint says the server's own wait (a quota's hour), not the capped one.
        const askedMs = retryAfterAsked(outcome.headers['retry-after']);
        // An answer means the server had the request: only an idempotent one is sent again.
        if (!canRetry || !isIdempotent(method) || !isRetryableStatus(status)) {
          throw httpError(
            {
              status,
              body: outcome.body,
              requestId: outcome.requestId,
              host: url.host,
              path: url.pathname,
              location: outcome.headers.location,
              retryAfterMs: askedMs,
              authHint: options.authFailureHint,
            },
            redactText,
          );
        }
        // The server's wait, but never less than the backoff: `Retry-After: 0` from a server under
        // load (or 1 s, retry after retry) must not make every client come back at once.
        waitMs = Math.max(retryAfterMs ?? 0, backoffMs(n));
        reason = statusReason(status);
      }
      options.onRetry(redactText(retryMessage(waitMs, reason, n + 1, totalAttempts)));
      await sleep(waitMs);
      if (opts.signal?.aborted) throw opts.signal.reason;
    }
  }

  const dataOf = async <T>(p: Promise<ApiResponse<T>>): Promise<T> => (await p).data;
  return {
    baseUrl: options.baseUrl,
    request,
    get: (path, opts) => dataOf(request('GET', path, opts)),
    put: (path, body, opts) => dataOf(request('PUT', path, { ...opts, body })),
    post: (path, body, opts) => dataOf(request('POST', path, { ...opts, body })),
    patch: (path, body, opts) => dataOf(request('PATCH', path, { ...opts, body })),
    delete: (path, opts) => dataOf(request('DELETE', path, opts)),
    async close() {
      if (ownDispatcher) await (abandoned ? dispatcher.destroy() : dispatcher.close());
    },
  };
}

/** A key's random part (after `fib_live_` / `fib_test_`), when long enough to be unmistakable. */
function keyBody(key: string): string[] {
  const body = key.replace(/^fib_[a-z]+_/, '');
  return body !== key && body.length >= 16 ? [body] : [];
}
