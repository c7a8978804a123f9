// The client is the last line of defence for a stored key: it is never built with a key bound to
// another origin than its own (or to none), whatever the caller resolved, and sends nothing then.
import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../../../../src/lib/api/client.js';
import type { ApiClientOptions } from '../../../../src/lib/api/types.js';
import { ANY_ORIGIN } from '../../../../src/lib/origin.js';
import { failureSync } from '../../../helpers/errors.js';

const KEY = 'fib_test_keyOriginCanary0123456789';
let agent: MockAgent;
const seen: Array<string | undefined> = [];

function client(baseUrl: string, apiKeyOrigin: string | undefined) {
  const options: ApiClientOptions = {
    baseUrl,
    apiKey: KEY,
    apiKeyOrigin,
    timeoutMs: 2000,
    maxRetries: 0,
    userAgent: 'fibonacci-cli/test',
    env: {},
    onRetry: () => {},
    dispatcher: agent,
  };
  return createApiClient(options);
}

function serve(origin: string) {
  agent
    .get(origin)
    .intercept({ path: '/api/v1/auth/me', method: 'GET' })
    .reply((opts) => {
      seen.push((opts.headers as Record<string, string>).authorization);
      return { statusCode: 200, data: '{}' };
    });
}

afterEach(async () => {
  seen.length = 0;
  await agent?.close();
});

describe('a key bound to an origin', () => {
  it.each([
    ['another host', 'https://api.fibonacci.today', 'https://127.0.0.1:8443'],
    ['another port of the same host', 'https://127.0.0.1:8443', 'https://127.0.0.1:8444'],
    ['a name that only looks the same', 'https://api.fibonacci.today', 'https://api.fibonacci.today.'],
  ])('is refused by a client for %s, before any request', (_label, keyOrigin, baseUrl) => {
    agent = new MockAgent();
    agent.disableNetConnect();
    serve(baseUrl);
    const e = failureSync(() => client(baseUrl, keyOrigin));
    expect(e.message).toBe(`refusing to send the key stored for ${keyOrigin} to ${new URL(baseUrl).origin}`);
    expect(e.exitCode).toBe(1);
    expect(`${e.message}${e.hint}`).not.toContain(KEY);
    expect(seen).toEqual([]);
  });

  it('is refused when it is bound to no origin at all', () => {
    agent = new MockAgent();
    const e = failureSync(() => client('https://127.0.0.1:8443', undefined));
    expect(e.message).toBe('refusing to send the key stored for no origin to https://127.0.0.1:8443');
  });

  it.each([
    ['its own origin, spelled otherwise', 'https://api.fibonacci.today', 'https://API.fibonacci.today:443/'],
    ['any origin (FIBONACCI_API_KEY)', ANY_ORIGIN, 'https://127.0.0.1:8443'],
  ])('is sent to %s', async (_label, keyOrigin, baseUrl) => {
    agent = new MockAgent();
    agent.disableNetConnect();
    serve(new URL(baseUrl).origin);
    const c = client(baseUrl, keyOrigin);
    await c.request('GET', '/api/v1/auth/me').catch(() => {});
    expect(seen).toEqual([`Bearer ${KEY}`]);
  });
});
