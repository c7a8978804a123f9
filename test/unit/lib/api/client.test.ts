import { afterEach, describe, expect, it } from 'vitest';
import { failure } from '../../../helpers/errors.js';
import { BASE, type Harness, harness, KEY } from './mock.js';

let h: Harness;
afterEach(async () => {
  await h.agent.close();
});

describe('request headers', () => {
  it('sends the bearer key, User-Agent and Accept to the base origin', async () => {
    h = harness();
    h.reply('GET', '/api/v1/auth/me', 200, { key_id: 'key_1' });
    expect(await h.client.get('/api/v1/auth/me')).toEqual({ key_id: 'key_1' });
    const [req] = h.seen;
    expect(req?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req?.headers['user-agent']).toBe('fibonacci-cli/0.1.0-test');
    expect(req?.headers.accept).toBe('application/json');
    expect(req?.headers['content-type']).toBeUndefined();
  });

  it('never sends the key to another origin, even on the same host with another port or scheme', async () => {
    h = harness();
    h.reply('GET', '/x', 200, {}, {}, 'https://elsewhere.test');
    h.reply('GET', '/y', 200, {}, {}, 'https://api.test:8443');
    h.reply('GET', '/z', 200, {}, {}, 'http://api.test');
    await h.client.get('https://elsewhere.test/x');
    await h.client.get('https://api.test:8443/y');
    await h.client.get('http://api.test/z');
    expect(h.seen).toHaveLength(3);
    for (const req of h.seen) expect(req.headers.authorization).toBeUndefined();
  });

  it('omits the key when auth is false', async () => {
    h = harness();
    h.reply('GET', '/api/v1/health/secrets', 200, {});
    await h.client.get('/api/v1/health/secrets', { auth: false });
    expect(h.seen[0]?.headers.authorization).toBeUndefined();
  });

  it('serialises a JSON body with its content type, and the query with repeated keys', async () => {
    h = harness();
    h.reply('POST', '/api/v1/api-keys', 201, { id: 'key_2' });
    h.reply('GET', '/api/v1/audit/events', 200, { events: [] });
    await h.client.post('/api/v1/api-keys', { name: 'ci', scopes: ['read'] });
    await h.client.get('/api/v1/audit/events', {
      query: {
        event_type: ['secret.set', 'auth.failed'],
        limit: 5,
        user_id: undefined,
        status: null,
        asc: true,
      },
    });
    expect(h.seen[0]?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(h.seen[0]?.body ?? '')).toEqual({ name: 'ci', scopes: ['read'] });
    expect(h.seen[1]?.path).toBe(
      '/api/v1/audit/events?event_type=secret.set&event_type=auth.failed&limit=5&asc=true',
    );
  });

  it('keeps a path prefix of the base URL', async () => {
    h = harness({ baseUrl: 'https://api.test/prefix/' });
    h.reply('GET', '/prefix/api/v1/auth/me', 200, {});
    await h.client.get('/api/v1/auth/me');
    expect(h.seen[0]?.path).toBe('/prefix/api/v1/auth/me');
  });
});

describe('responses', () => {
  it('returns undefined for 204 and the full response from request()', async () => {
    h = harness();
    h.reply('DELETE', '/api/v1/secrets/A', 204);
    h.reply('GET', '/api/v1/secrets', 200, { secrets: [] }, { 'x-request-id': 'req_9' });
    expect(await h.client.delete('/api/v1/secrets/A')).toBeUndefined();
    const res = await h.client.request('GET', '/api/v1/secrets');
    expect(res).toMatchObject({ status: 200, requestId: 'req_9', data: { secrets: [] } });
    expect(res.headers['x-request-id']).toBe('req_9');
  });

  it('treats okStatuses as data and does not retry them', async () => {
    h = harness();
    const unhealthy = { status: 'unhealthy', backend: 'db', checks: { list_secrets: 'error: disk' } };
    h.reply('GET', '/api/v1/health/secrets', 503, unhealthy, { 'retry-after': '1' });
    const res = await h.client.request('GET', '/api/v1/health/secrets', { okStatuses: [503] });
    expect(res.status).toBe(503);
    expect(res.data).toEqual(unhealthy);
    expect(h.seen).toHaveLength(1);
    expect(h.retries).toEqual([]);
  });

  it('maps a body that is not JSON to an unexpected error', async () => {
    h = harness();
    h.reply('GET', '/api/v1/auth/me', 200, '<html>portal</html>', { 'x-request-id': 'req_h' });
    const e = await failure(() => h.client.get('/api/v1/auth/me'));
    expect(e.kind).toBe('unexpected');
    expect(e.exitCode).toBe(1);
    expect(e.message).toBe('the server at api.test sent a response that is not JSON (status 200)');
    expect(e.requestId).toBe('req_h');
  });
});

describe('HTTP errors', () => {
  const cases: [number, unknown, string, number, string][] = [
    [401, { detail: 'Invalid API key' }, 'auth', 4, 'authentication failed: Invalid API key'],
    [403, { detail: 'requires role admin' }, 'forbidden', 5, 'not allowed: requires role admin'],
    [404, { detail: 'secret API_KEY not found' }, 'not_found', 12, 'not found: secret API_KEY not found'],
    [400, { detail: 'malformed JSON' }, 'usage', 2, 'malformed JSON'],
    [409, { detail: 'already exists' }, 'usage', 2, 'already exists'],
    [413, {}, 'usage', 2, 'request too large'],
    [
      422,
      {
        detail: [
          {
            loc: ['body', 'value'],
            msg: 'String should have at least 1 character',
            type: 'string_too_short',
          },
          { loc: ['query', 'limit'], msg: 'Input should be less than or equal to 1000', type: 'x' },
        ],
      },
      'usage',
      2,
      '2 problems with the request',
    ],
    [500, { detail: 'database is locked' }, 'unexpected', 1, 'server error 500: database is locked'],
    [501, '', 'unexpected', 1, 'server error 501: 501 Not Implemented'],
    [
      405,
      { detail: 'Method Not Allowed' },
      'unexpected',
      1,
      'unexpected response 405 Method Not Allowed: Method Not Allowed',
    ],
  ];
  const rows = cases.map(([status, body, kind, exitCode, message]) => ({
    status,
    body,
    kind,
    exitCode,
    message,
  }));
  it.each(rows)('$status → $kind (exit $exitCode)', async ({ status, body, kind, exitCode, message }) => {
    h = harness({ maxRetries: 0 });
    h.reply('POST', '/api/v1/thing', status, body, { 'x-request-id': `req_${status}` });
    const e = await failure(() => h.client.post('/api/v1/thing', {}));
    expect(e.kind).toBe(kind);
    expect(e.exitCode).toBe(exitCode);
    expect(e.message).toBe(message);
    expect(e.status).toBe(status);
    expect(e.requestId).toBe(`req_${status}`);
  });

  it('carries every 422 violation as its own detail line', async () => {
    h = harness({ maxRetries: 0 });
    const detail = [
      { loc: ['body', 'value'], msg: 'String should have at least 1 character', type: 'string_too_short' },
      { loc: ['query', 'limit'], msg: 'Input should be less than or equal to 1000', type: 'x' },
    ];
    h.reply('POST', '/api/v1/thing', 422, { detail });
    const e = await failure(() => h.client.post('/api/v1/thing', {}));
    expect(e.details).toEqual([
      'value: String should have at least 1 character',
      'limit: Input should be less than or equal to 1000',
    ]);
  });

  it('gives 401 the login hint', async () => {
    h = harness();
    h.reply('GET', '/api/v1/auth/me', 401, { detail: 'expired key' });
    const e = await failure(() => h.client.get('/api/v1/auth/me'));
    expect(e.hint).toBe('run `fibonacci auth login`, or check FIBONACCI_API_KEY');
  });

  it('a 404 without detail names the path', async () => {
    h = harness();
    h.reply('GET', '/api/v1/runs/r1', 404, '');
    const e = await failure(() => h.client.get('/api/v1/runs/r1'));
    expect(e.message).toBe('not found: /api/v1/runs/r1');
  });

  it('refuses to follow a redirect and never resends the key', async () => {
    h = harness();
    h.reply('GET', '/api/v1/auth/me', 302, '', { location: 'https://evil.test/steal' });
    const e = await failure(() => h.client.get('/api/v1/auth/me'));
    expect(e.kind).toBe('unexpected');
    expect(e.message).toBe('unexpected redirect 302 from api.test to https://evil.test/steal');
    expect(h.seen).toHaveLength(1);
  });

  it('scrubs the key and caller-marked values from messages a server echoes', async () => {
    h = harness({ redact: ['client-secret-1'] });
    h.reply('PUT', '/api/v1/secrets/A', 422, {
      detail: `value hunter2-value rejected for ${KEY} client-secret-1`,
    });
    const e = await failure(() =>
      h.client.put('/api/v1/secrets/A', { value: 'hunter2-value' }, { redact: ['hunter2-value'] }),
    );
    expect(e.message).not.toContain('hunter2-value');
    expect(e.message).not.toContain(KEY);
    expect(e.message).not.toContain('client-secret-1');
    expect(e.message).toBe('value [REDACTED] rejected for [REDACTED] [REDACTED]');
  });
});

describe('a server that repeats the key without its prefix (hostile re-pass s14)', () => {
  it("scrubs the key's random part too: an error never shows it", async () => {
    h = harness();
    const body = KEY.replace(/^fib_test_/, '');
    h.reply('GET', '/api/v1/auth/me', 400, { detail: `bad key mid ${body} here` });
    const e = await failure(() => h.client.get('/api/v1/auth/me'));
    expect(e.message).not.toContain(body);
    expect(e.message).toContain('bad key mid [REDACTED] here');
  });
});

describe('--debug', () => {
  it('prints one line per request and response, without the key or bodies', async () => {
    h = harness();
    h.reply('PUT', '/api/v1/secrets/A', 201, { name: 'A' }, { 'x-request-id': 'req_d1' });
    await h.client.put('/api/v1/secrets/A', { value: 's3cret-value' }, { redact: ['s3cret-value'] });
    expect(h.debug).toHaveLength(2);
    expect(h.debug[0]).toBe(`→ PUT ${BASE}/api/v1/secrets/A`);
    expect(h.debug[1]).toMatch(/^← 201 in \d+ms \(request req_d1\)$/);
    const all = h.debug.join('\n');
    expect(all).not.toContain(KEY);
    expect(all).not.toContain('s3cret-value');
    expect(all).not.toContain('Bearer');
  });

  it('redacts caller values that appear in the URL', async () => {
    h = harness();
    h.reply('GET', '/api/v1/secrets/TOPSECRETNAME', 200, {});
    await h.client.get('/api/v1/secrets/TOPSECRETNAME', { redact: ['TOPSECRETNAME'] });
    expect(h.debug[0]).toBe(`→ GET ${BASE}/api/v1/secrets/[REDACTED]`);
  });
});
