import { Dispatcher } from 'undici';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  backoffMs,
  formatLongWait,
  formatWait,
  parseRetryAfter,
  RETRY_AFTER_CAP_MS,
  retryAfterAsked,
  retryMessage,
} from '../../../../src/lib/api/retry.js';
import { failure } from '../../../helpers/errors.js';
import { type Harness, harness } from './mock.js';

/**
 * A transport that takes every request as far as undici's "about to write it" (onConnect, as a real
 * socket does once connected and handshaken), then fails it: a reset after the server may have it.
 */
class FailsAfterWrite extends Dispatcher {
  attempts = 0;
  constructor(private readonly error: Error) {
    super();
  }
  override dispatch(_opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    this.attempts++;
    handler.onConnect?.(() => {});
    queueMicrotask(() => handler.onError?.(this.error));
    return true;
  }
}

let h: Harness;
const opened: Harness[] = [];
/** A harness closed after the test (the helper tests at the end make none). */
function make(overrides?: Parameters<typeof harness>[0]): Harness {
  const made = harness(overrides);
  opened.push(made);
  return made;
}
beforeEach(() => {
  // Jitter fixed at its maximum, so waits are exact: 500, 1000, 2000 ms.
  vi.spyOn(Math, 'random').mockReturnValue(1);
});
afterEach(async () => {
  vi.restoreAllMocks();
  for (const o of opened.splice(0)) await o.agent.close();
});

describe('retry policy', () => {
  it.each(['GET', 'PUT', 'DELETE'] as const)(
    '%s is retried on 503, 429, 502, 504 then succeeds',
    async (method) => {
      h = make({ maxRetries: 4 });
      h.reply(method, '/r', 503);
      h.reply(method, '/r', 429);
      h.reply(method, '/r', 502);
      h.reply(method, '/r', 504);
      h.reply(method, '/r', 200, { ok: true });
      const res = await h.client.request(method, '/r', method === 'PUT' ? { body: { value: 'v' } } : {});
      expect(res.data).toEqual({ ok: true });
      expect(h.seen).toHaveLength(5);
      expect(h.retries).toEqual([
        'retrying in 0.5s: 503 Service Unavailable (attempt 2 of 5)',
        'retrying in 1s: 429 Too Many Requests (attempt 3 of 5)',
        'retrying in 2s: 502 Bad Gateway (attempt 4 of 5)',
        'retrying in 4s: 504 Gateway Timeout (attempt 5 of 5)',
      ]);
      expect(h.waits).toEqual([500, 1000, 2000, 4000]);
    },
  );

  it('resends the PUT body on every attempt', async () => {
    h = make();
    h.reply('PUT', '/api/v1/secrets/A', 503);
    h.reply('PUT', '/api/v1/secrets/A', 201, { name: 'A' });
    await h.client.put('/api/v1/secrets/A', { value: 'multi\nline' });
    expect(h.seen.map((s) => s.body)).toEqual(['{"value":"multi\\nline"}', '{"value":"multi\\nline"}']);
  });

  it.each(['POST', 'PATCH'] as const)('%s is never retried', async (method) => {
    h = make({ maxRetries: 5 });
    h.reply(method, '/r', 503);
    const e = await failure(() => h.client.request(method, '/r', { body: {} }));
    expect(e.message).toBe('server error 503: 503 Service Unavailable');
    expect(h.seen).toHaveLength(1);
    expect(h.retries).toEqual([]);
  });

  it.each(['POST', 'PATCH'] as const)(
    '%s refused before a byte was sent is retried, announced, and lands once',
    async (method) => {
      h = make();
      h.agent
        .get('https://api.test')
        .intercept({ method, path: '/r' })
        .replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
      h.reply(method, '/r', 201, { id: 'wf_1' });
      expect(await h.client.request(method, '/r', { body: { name: 'a' } })).toMatchObject({
        status: 201,
        data: { id: 'wf_1' },
      });
      expect(h.retries).toEqual(['retrying in 0.5s: connection refused (attempt 2 of 4)']);
      expect(h.seen.map((s) => s.body)).toEqual(['{"name":"a"}']);
      expect(h.debug[1]).toMatch(/^← failed after \d+ms \(nothing sent\): cannot connect to api\.test/);
    },
  );

  it.each([
    ['ECONNRESET', /^the connection to api\.test was reset$/],
    ['UND_ERR_SOCKET', /^the server at api\.test closed the connection/],
  ])('POST and PATCH failing with %s once written are never retried', async (code, message) => {
    for (const method of ['POST', 'PATCH'] as const) {
      const dispatcher = new FailsAfterWrite(Object.assign(new Error(code), { code }));
      h = make({ dispatcher, maxRetries: 5 });
      const e = await failure(() => h.client.request(method, '/r', { body: {} }));
      expect(e.kind).toBe('network');
      expect(e.message).toMatch(message);
      expect(h.retries).toEqual([]);
      expect(dispatcher.attempts).toBe(1);
    }
  });

  it('a GET failing once written is still retried: sending it again is harmless', async () => {
    const dispatcher = new FailsAfterWrite(Object.assign(new Error('ECONNRESET'), { code: 'ECONNRESET' }));
    h = make({ dispatcher, maxRetries: 2 });
    await failure(() => h.client.get('/r'));
    expect(dispatcher.attempts).toBe(3);
    expect(h.retries).toHaveLength(2);
  });

  it('retries a GET after a connection reset and announces it', async () => {
    h = make();
    h.agent
      .get('https://api.test')
      .intercept({ method: 'GET', path: '/r' })
      .replyWithError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
    h.reply('GET', '/r', 200, { ok: 1 });
    expect(await h.client.get('/r')).toEqual({ ok: 1 });
    expect(h.retries).toEqual(['retrying in 0.5s: connection reset (attempt 2 of 4)']);
  });

  it('retries a GET that timed out, and logs the failed attempt under --debug', async () => {
    h = make();
    h.agent
      .get('https://api.test')
      .intercept({ method: 'GET', path: '/r' })
      .replyWithError(Object.assign(new Error('Headers Timeout Error'), { code: 'UND_ERR_HEADERS_TIMEOUT' }));
    h.reply('GET', '/r', 200, {});
    await h.client.get('/r');
    expect(h.retries).toEqual(['retrying in 0.5s: timed out (attempt 2 of 4)']);
    expect(h.debug[1]).toMatch(
      /^← failed after \d+ms \(nothing sent\): no response from api\.test within 5s$/,
    );
  });

  it('does not retry a certificate failure', async () => {
    h = make();
    h.agent
      .get('https://api.test')
      .intercept({ method: 'GET', path: '/r' })
      .replyWithError(Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' }));
    await expect(h.client.get('/r')).rejects.toThrow('certificate of api.test has expired');
    expect(h.retries).toEqual([]);
  });

  it('respects maxRetries and ends with rate_limited (exit 6) on 429', async () => {
    h = make({ maxRetries: 2 });
    for (let i = 0; i < 3; i++)
      h.reply('GET', '/r', 429, { detail: 'slow down' }, { 'x-request-id': `req_${i}` });
    const e = await failure(() => h.client.get('/r'));
    expect(h.seen).toHaveLength(3);
    expect(h.retries).toHaveLength(2);
    expect(e.kind).toBe('rate_limited');
    expect(e.exitCode).toBe(6);
    expect(e.message).toBe('rate limited by api.test: slow down');
    expect(e.hint).toBe(
      'wait a moment and try again; --retries sets how often the CLI waits and retries by itself',
    );
    expect(e.requestId).toBe('req_2');
    expect(e.status).toBe(429);
  });

  it('maxRetries 0 means one attempt', async () => {
    h = make({ maxRetries: 0 });
    h.reply('GET', '/r', 503, { detail: 'down for maintenance' });
    const e = await failure(() => h.client.get('/r'));
    expect(e.message).toBe('server error 503: down for maintenance');
    expect(h.seen).toHaveLength(1);
  });

  it('honours Retry-After in seconds and as an HTTP date, capped at 60 s', async () => {
    h = make({ maxRetries: 3 });
    h.reply('GET', '/r', 429, {}, { 'retry-after': '7' });
    h.reply('GET', '/r', 503, {}, { 'retry-after': '3600' });
    h.reply('GET', '/r', 429, {}, { 'retry-after': new Date(Date.now() + 20_000).toUTCString() });
    h.reply('GET', '/r', 200, {});
    await h.client.get('/r');
    expect(h.waits[0]).toBe(7000);
    expect(h.waits[1]).toBe(60_000);
    // An HTTP date has one-second resolution.
    expect(h.waits[2]).toBeGreaterThan(18_000);
    expect(h.waits[2]).toBeLessThanOrEqual(20_000);
    expect(h.retries[0]).toBe('retrying in 7s: 429 Too Many Requests (attempt 2 of 4)');
    expect(h.retries[1]).toBe('retrying in 60s: 503 Service Unavailable (attempt 3 of 4)');
  });

  it("names the server's Retry-After in the rate-limit hint", async () => {
    h = make({ maxRetries: 0 });
    h.reply('GET', '/r', 429, {}, { 'retry-after': '30' });
    const e = await failure(() => h.client.get('/r'));
    expect(e.hint).toBe(
      "wait 30s (the server's Retry-After) and try again; --retries sets how often the CLI waits and retries by itself",
    );
  });

  it('does not retry other statuses', async () => {
    h = make();
    h.reply('GET', '/r', 500);
    await failure(() => h.client.get('/r'));
    expect(h.seen).toHaveLength(1);
  });

  it('a caller abort during the wait stops the retries', async () => {
    const controller = new AbortController();
    h = make({ sleep: undefined });
    h.reply('GET', '/r', 503, {}, { 'retry-after': '30' });
    const pending = h.client.get('/r', { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stopped by caller')), 20);
    await expect(pending).rejects.toThrow('stopped by caller');
    expect(h.seen).toHaveLength(1);
  });
});

describe('retry helpers', () => {
  it('backoff grows exponentially with jitter and stops at 30 s', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    expect([1, 2, 3, 4].map((n) => backoffMs(n))).toEqual([250, 500, 1000, 2000]);
    expect(backoffMs(20, () => 1)).toBe(30_000);
    // Below the cap the shortest next wait is never shorter than the longest previous one.
    for (let n = 1; n < 6; n++)
      expect(backoffMs(n + 1, () => 0)).toBeGreaterThanOrEqual(backoffMs(n, () => 1));
  });

  it('parses Retry-After', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('0')).toBe(0);
    expect(parseRetryAfter(' 12 ')).toBe(12_000);
    expect(parseRetryAfter('61')).toBe(RETRY_AFTER_CAP_MS);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    // RFC 9110's obsolete forms, which a recipient must still read.
    expect(parseRetryAfter('Thursday, 01-Jan-26 00:00:07 GMT', now)).toBe(7000);
    expect(parseRetryAfter('Thu Jan  1 00:00:09 2026', now)).toBe(9000);
  });

  it('keeps the uncapped Retry-After for what a person is told, in human units', () => {
    expect(retryAfterAsked('3600')).toBe(3_600_000);
    expect(retryAfterAsked('soon')).toBeUndefined();
    expect(formatLongWait(3_600_000)).toBe('about 1 hour');
    expect(formatLongWait(3_564_000)).toBe('about 59 minutes');
    expect(formatLongWait(60_000)).toBe('60s');
    expect(formatLongWait(5 * 60_000)).toBe('about 5 minutes');
    expect(formatLongWait(2 * 86_400_000)).toBe('about 2 days');
  });

  // Anything but digits or an HTTP-date falls back to the backoff: Date.parse reads "-5" as May
  // 2001, a past date, which made every retry go at once.
  it.each([
    '-5',
    '-1',
    '+5',
    '1.5',
    '1e3',
    '0x10',
    '5 s',
    '2026-01-01T00:00:05Z',
    'Jan 1 2026',
    '1 January 2026 00:00:05',
    'Fri, 01 Jan 2026 00:00:05 GMT', // 1 January 2026 was a Thursday
    'Thu, 01 Jan 2026 00:00:05 UTC',
    'Thu, 32 Jan 2026 00:00:05 GMT',
  ])('reads Retry-After %j as no Retry-After at all', (value) => {
    expect(parseRetryAfter(value, Date.parse('2026-01-01T00:00:00Z'))).toBeUndefined();
  });

  it('formats waits and announcements', () => {
    expect([0, 250, 500, 1000, 1340, 9960, 12_400, 60_000].map(formatWait)).toEqual([
      '0s',
      '0.3s',
      '0.5s',
      '1s',
      '1.3s',
      '10s',
      '12s',
      '60s',
    ]);
    expect(retryMessage(2000, '503 Service Unavailable', 2, 4)).toBe(
      'retrying in 2s: 503 Service Unavailable (attempt 2 of 4)',
    );
  });
});
