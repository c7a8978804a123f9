// Authentication, request ids and rate limiting, over real HTTPS against an in-process emulator
// whose clock the tests move.
import { afterEach, describe, expect, it } from 'vitest';
import {
  createApiKey,
  createUser,
  defaultOrganization,
  revokeApiKey,
} from '../../../src/emulator/accounts.js';
import { apiRequest } from '../../helpers/api-request.js';
import { auditRows, type InProcessEmulator, startInProcess } from '../../helpers/in-process-emulator.js';
import { ManualClock } from '../../helpers/manual-clock.js';

let emu: InProcessEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const ME = '/api/v1/auth/me';

function keyFor(e: InProcessEmulator, role: 'admin' | 'member' | 'viewer', expiresAt: string | null = null) {
  const org = defaultOrganization(e.store)!;
  const user = createUser(e.store, { orgId: org.id, role });
  return createApiKey(e.store, {
    orgId: org.id,
    userId: user.id,
    name: `${role}-key`,
    scopes: ['read'],
    workflows: ['production/*'],
    expiresAt,
  });
}

describe('GET /api/v1/auth/me', () => {
  it('returns the identity of the owner key in the shape docs/api.md gives', async () => {
    emu = await startInProcess();
    const res = await apiRequest(emu, 'GET', ME);
    expect(res.status).toBe(200);
    const body = res.body as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(
      [
        'created_at',
        'expires_at',
        'key_id',
        'key_name',
        'organization_id',
        'role',
        'scopes',
        'user_id',
        'workflows',
      ].sort(),
    );
    expect(body).toMatchObject({
      key_name: 'owner',
      role: 'owner',
      scopes: { read: true, write: true, execute: true, delete: true, admin: true },
      workflows: ['**'],
      created_at: '2026-11-29T10:30:00.000Z',
      expires_at: null,
    });
    expect(body.key_id).toMatch(/^key_[0-9a-f]{24}$/);
    expect(body.user_id).toMatch(/^user-/);
    expect(body.organization_id).toMatch(/^org-/);
    expect(emu.ownerKey).toMatch(/^fib_test_[A-Za-z0-9]{43}$/);
  });

  it('shows another user’s role, scopes and workflows, and records when the key was last used', async () => {
    emu = await startInProcess();
    const { key, row } = keyFor(emu, 'viewer', '2027-01-01T00:00:00.000Z');
    emu.clock.advance(60_000);
    const res = await apiRequest(emu, 'GET', ME, { key });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      key_id: row.id,
      role: 'viewer',
      scopes: { read: true, write: false, admin: false },
      workflows: ['production/*'],
      expires_at: '2027-01-01T00:00:00.000Z',
    });
    const used = emu.store.db.prepare('SELECT last_used_at FROM api_keys WHERE id = ?').get(row.id);
    expect(used).toEqual({ last_used_at: '2026-11-29T10:31:00.000Z' });
  });
});

describe('refused keys: 401, FastAPI body, an auth.failed event without the key', () => {
  const cases: Array<[string, Record<string, string>, string, string]> = [
    ['no Authorization header', {}, 'Not authenticated', 'missing'],
    [
      'an unknown key',
      { authorization: 'Bearer fib_test_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
      'invalid API key',
      'unknown',
    ],
    [
      'a key that is not a Fibonacci key',
      { authorization: 'Bearer hunter2hunter2' },
      'invalid API key',
      'malformed',
    ],
    ['Bearer with no key', { authorization: 'Bearer' }, 'invalid API key', 'malformed'],
    [
      'the Token scheme',
      { authorization: 'Token fib_test_whatever_whatever' },
      'invalid authorization scheme: use Authorization: Bearer <API key>',
      'scheme',
    ],
    [
      'Basic auth',
      { authorization: 'Basic Zm9vOmJhcg==' },
      'invalid authorization scheme: use Authorization: Bearer <API key>',
      'scheme',
    ],
  ];
  for (const [what, headers, detail, reason] of cases) {
    it(`refuses ${what}`, async () => {
      emu = await startInProcess();
      const res = await apiRequest(emu, 'GET', ME, { key: null, headers });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ detail });
      expect(res.headers['www-authenticate']).toBe('Bearer');
      const rows = auditRows(emu.store);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        event_type: 'auth.failed',
        status: 'failure',
        ip_address: '127.0.0.1',
      });
      expect(JSON.parse(rows[0]!.metadata as string)).toMatchObject({ reason, method: 'GET', path: ME });
      expect(JSON.stringify(rows)).not.toMatch(/fib_test|hunter2|Zm9v/);
    });
  }

  it('refuses the owner key sent as X-API-Key instead of Authorization', async () => {
    emu = await startInProcess();
    const res = await apiRequest(emu, 'GET', ME, { key: null, headers: { 'x-api-key': emu.ownerKey } });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ detail: 'Not authenticated' });
    expect(JSON.stringify(auditRows(emu.store))).not.toContain(emu.ownerKey.slice(9));
  });

  it('refuses a revoked key at once, naming the key id but never the key', async () => {
    emu = await startInProcess();
    const { key, row } = keyFor(emu, 'member');
    expect((await apiRequest(emu, 'GET', ME, { key })).status).toBe(200);
    expect(revokeApiKey(emu.store, row.id)).toBe(true);
    const res = await apiRequest(emu, 'GET', ME, { key });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ detail: 'API key has been revoked' });
    const rows = auditRows(emu.store);
    expect(rows.at(-1)).toMatchObject({ event_type: 'auth.failed', user_id: row.user_id });
    expect(JSON.parse(rows.at(-1)!.metadata as string)).toMatchObject({
      reason: 'revoked',
      api_key_id: row.id,
    });
    expect(JSON.stringify(rows)).not.toContain(key.slice(4));
  });

  it('refuses a key once the clock passes its expiry', async () => {
    const clock = new ManualClock(new Date('2026-11-29T10:00:00.000Z'));
    emu = await startInProcess({ clock });
    const { key } = keyFor(emu, 'member', '2026-11-29T11:00:00.000Z');
    expect((await apiRequest(emu, 'GET', ME, { key })).status).toBe(200);
    clock.advance(59 * 60_000);
    expect((await apiRequest(emu, 'GET', ME, { key })).status).toBe(200);
    clock.advance(60_000);
    const res = await apiRequest(emu, 'GET', ME, { key });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ detail: 'API key has expired' });
    expect(JSON.parse(auditRows(emu.store).at(-1)!.metadata as string)).toMatchObject({ reason: 'expired' });
  });
});

describe('headers on every response', () => {
  it('sends X-Request-ID and the rate-limit headers on 200, 401 and 404', async () => {
    emu = await startInProcess({ clock: new ManualClock(new Date('2026-11-29T10:30:10.000Z')) });
    const ids = new Set<string>();
    const responses = [
      await apiRequest(emu, 'GET', ME),
      await apiRequest(emu, 'GET', ME, { key: null }),
      await apiRequest(emu, 'GET', '/api/v1/nothing-here'),
      await apiRequest(emu, 'GET', '/'),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 401, 404, 404]);
    expect(responses[2]!.body).toEqual({ detail: 'Not Found' });
    for (const r of responses) {
      expect(r.headers['x-request-id']).toMatch(/^req_[0-9a-f]{24}$/);
      ids.add(r.headers['x-request-id'] as string);
      expect(r.headers['x-ratelimit-limit']).toBe('6000');
      expect(Number(r.headers['x-ratelimit-remaining'])).toBeGreaterThan(5990);
      // The window ends at the next whole minute of the emulator's clock.
      expect(r.headers['x-ratelimit-reset']).toBe(String(Date.parse('2026-11-29T10:31:00Z') / 1000));
    }
    expect(ids.size).toBe(4);
  });

  it('logs one line per request: method, path (no query), status, time, request id, and never the key', async () => {
    emu = await startInProcess();
    const res = await apiRequest(emu, 'GET', `${ME}?verbose=1`);
    const line = emu.logLines.find((l) => l.includes(res.headers['x-request-id'] as string));
    expect(line).toMatch(/^GET \/api\/v1\/auth\/me 200 \d+\.\dms req_[0-9a-f]{24}$/);
    expect(emu.logLines.join('\n')).not.toContain('fib_test');
  });
});

describe('rate limiting', () => {
  it('answers 429 with Retry-After past the limit, per key, until the window resets', async () => {
    const clock = new ManualClock(new Date('2026-11-29T10:30:45.000Z'));
    emu = await startInProcess({ clock, rateLimitPerMinute: 3 });
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await apiRequest(emu, 'GET', ME);
      expect(r.status).toBe(200);
      remaining.push(r.headers['x-ratelimit-remaining'] as string);
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const limited = await apiRequest(emu, 'GET', ME);
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ detail: 'rate limit exceeded; retry in 15 s' });
    expect(limited.headers['retry-after']).toBe('15');
    expect(limited.headers['x-ratelimit-remaining']).toBe('0');
    expect(limited.headers['x-request-id']).toMatch(/^req_/);

    // Another key has its own window; unauthenticated callers are counted by IP.
    const { key } = keyFor(emu, 'viewer');
    expect((await apiRequest(emu, 'GET', ME, { key })).status).toBe(200);

    clock.advance(15_000);
    expect((await apiRequest(emu, 'GET', ME)).status).toBe(200);
  });
});
