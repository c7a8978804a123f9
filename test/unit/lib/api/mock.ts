/**
 * Shared set-up for the API client's unit tests: an undici MockAgent that refuses real network
 * connections, a recorder of what each mocked request carried, and a client wired to both.
 */
import { MockAgent } from 'undici';
import { createApiClient } from '../../../../src/lib/api/client.js';
import type { ApiClient, ApiClientOptions } from '../../../../src/lib/api/types.js';

export const BASE = 'https://api.test';
export const KEY = 'fib_test_abcdefghijklmnop123';

/** What one mocked request carried. */
export interface Seen {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** A MockAgent plus everything a test needs to assert on. */
export interface Harness {
  agent: MockAgent;
  client: ApiClient;
  seen: Seen[];
  retries: string[];
  waits: number[];
  debug: string[];
  /** Reply on `origin` (default BASE) to `method path` with a status, JSON body and headers; records the request. */
  reply(
    method: string,
    path: string,
    status: number,
    body?: unknown,
    headers?: Record<string, string>,
    origin?: string,
  ): void;
}

function normaliseHeaders(h: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (h instanceof Headers) {
    for (const [k, v] of h) out[k.toLowerCase()] = v;
  } else if (Array.isArray(h)) {
    for (let i = 0; i < h.length; i += 2) out[String(h[i]).toLowerCase()] = String(h[i + 1]);
  } else if (h && typeof h === 'object') {
    for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = String(v);
  }
  return out;
}

/** Build a harness; `overrides` replace any client option (e.g. maxRetries, debug). */
export function harness(overrides: Partial<ApiClientOptions> = {}): Harness {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const h: Harness = {
    agent,
    seen: [],
    retries: [],
    waits: [],
    debug: [],
    client: undefined as unknown as ApiClient,
    reply(method, path, status, body, headers = {}, origin = BASE) {
      agent
        .get(origin)
        .intercept({ method, path: (p) => p === path || p.startsWith(`${path}?`) })
        .reply((opts) => {
          h.seen.push({
            method: opts.method,
            path: opts.path,
            headers: normaliseHeaders(opts.headers),
            body: opts.body === undefined || opts.body === null ? undefined : String(opts.body),
          });
          const data = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
          return { statusCode: status, data, responseOptions: { headers } };
        });
    },
  };
  h.client = createApiClient({
    baseUrl: BASE,
    apiKey: KEY,
    apiKeyOrigin: BASE,
    timeoutMs: 5000,
    maxRetries: 3,
    userAgent: 'fibonacci-cli/0.1.0-test',
    env: {},
    onRetry: (m) => h.retries.push(m),
    debug: (l) => h.debug.push(l),
    sleep: async (ms) => {
      h.waits.push(ms);
    },
    dispatcher: agent,
    ...overrides,
  });
  return h;
}
