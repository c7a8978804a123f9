// A key is authenticated when a request's headers arrive; the change it asks for is made when the
// body has arrived and the handler runs, which a slow client can put minutes apart. A key revoked,
// expired or demoted in between must change nothing: the key is checked again after the body and
// inside the change's transaction (store.mutate), and a request not complete in time is cut off.
// In-process emulator (its clock and store in reach) over real TLS 1.3; raw sockets for the bodies.
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { principalOf } from '../../src/emulator/pipeline.js';
import { HEADERS_TIMEOUT_MS, IDLE_TIMEOUT_MS, REQUEST_TIMEOUT_MS } from '../../src/emulator/server.js';
import type { RouteModule } from '../../src/emulator/types.js';
import { apiRequest } from '../helpers/api-request.js';
import { auditRows, type InProcessEmulator, startInProcess } from '../helpers/in-process-emulator.js';
import { slowRequest } from '../helpers/slow-request.js';

/** A route whose handler waits for the test before it makes its change, as a slow backend would. */
const gate = { reached: false, release: () => {} };
const pausedChange: RouteModule = (app, ctx) => {
  app.post('/api/v1/test/paused-change', async (request) => {
    const released = new Promise<void>((resolve) => {
      gate.release = resolve;
    });
    gate.reached = true;
    await released;
    const p = principalOf(request);
    ctx.store.mutate(p, (work) => {
      ctx.store.prepare(`UPDATE organizations SET quota_overrides = '{"late":1}' WHERE id = ?`).run(p.orgId);
      work.record({ event_type: 'quota.override_set', status: 'success', org_id: p.orgId });
    });
    return { changed: true };
  });
};

let emu: InProcessEmulator;
beforeAll(async () => {
  emu = await startInProcess({
    extraRoutes: [pausedChange],
    extraPolicies: [{ method: 'POST', url: '/api/v1/test/paused-change', scope: null }],
  });
});
afterAll(() => emu.close());

interface Key {
  id: string;
  key: string;
}

async function newKey(body: Record<string, unknown> = {}): Promise<Key> {
  const res = await apiRequest(emu, 'POST', '/api/v1/api-keys', {
    body: { name: 'slow', scopes: ['admin'], ...body },
  });
  expect(res.status, res.text).toBe(201);
  return res.body as Key;
}

const revoke = async (k: Key) =>
  expect((await apiRequest(emu, 'DELETE', `/api/v1/api-keys/${k.id}`)).status).toBe(204);

/** Wait until the server has authenticated a request with `k` (it stamps last_used_at then). */
async function untilAuthenticated(k: Key): Promise<void> {
  const used = emu.store.prepare('SELECT last_used_at FROM api_keys WHERE id = ?').pluck();
  for (let i = 0; i < 400 && used.get(k.id) === null; i++) await delay(25);
  expect(used.get(k.id), 'the server never authenticated the slow request').not.toBeNull();
}

const eventsAfter = (seq: number) =>
  auditRows(emu.store)
    .filter((e) => Number(e.seq) > seq)
    .map((e): Record<string, unknown> => ({ type: e.event_type, ...JSON.parse(String(e.metadata)) }));
const lastSeq = () => Number(auditRows(emu.store).at(-1)?.seq ?? 0);

describe('a key that dies while its request is in flight changes nothing', () => {
  it('POST /api-keys with a body sent after the key was revoked: 401, no key made, auth.failed', async () => {
    const l = await newKey();
    const slow = slowRequest(emu, 'POST', '/api/v1/api-keys', l.key, {
      name: 'minted-late',
      scopes: ['admin'],
    });
    slow.sendPart();
    await untilAuthenticated(l);
    await revoke(l);
    const since = lastSeq();
    const answer = await slow.finish();
    expect(answer).toEqual({ status: 401, body: { detail: 'API key has been revoked' } });
    expect(emu.store.prepare("SELECT count(*) FROM api_keys WHERE name = 'minted-late'").pluck().get()).toBe(
      0,
    );
    expect(eventsAfter(since)).toEqual([
      {
        type: 'auth.failed',
        reason: 'revoked',
        method: 'POST',
        path: '/api/v1/api-keys',
        api_key_id: l.id,
        rechecked: true,
      },
    ]);
  });

  it('PUT /secrets/X after the key was revoked: 401, nothing stored, no secret.set', async () => {
    const l = await newKey();
    const slow = slowRequest(emu, 'PUT', '/api/v1/secrets/LATE_SECRET', l.key, { value: 'v' });
    await untilAuthenticated(l);
    await revoke(l);
    const since = lastSeq();
    expect(await slow.finish()).toEqual({ status: 401, body: { detail: 'API key has been revoked' } });
    expect(emu.store.prepare("SELECT count(*) FROM secrets WHERE name = 'LATE_SECRET'").pluck().get()).toBe(
      0,
    );
    expect(eventsAfter(since).map((e) => [e.type, e.reason])).toEqual([['auth.failed', 'revoked']]);
  });

  it('PUT /secrets/X after the key expired: 401 expired, nothing stored', async () => {
    const l = await newKey({ expires_in_days: 1 });
    const slow = slowRequest(emu, 'PUT', '/api/v1/secrets/EXPIRED_LATE', l.key, { value: 'v' });
    await untilAuthenticated(l);
    emu.clock.advance(2 * 86_400_000);
    expect(await slow.finish()).toEqual({ status: 401, body: { detail: 'API key has expired' } });
    expect(emu.store.prepare("SELECT count(*) FROM secrets WHERE name = 'EXPIRED_LATE'").pluck().get()).toBe(
      0,
    );
  });
});

describe('the change itself checks the key, inside its transaction', () => {
  const overrides = () =>
    emu.store.prepare('SELECT quota_overrides FROM organizations ORDER BY rowid LIMIT 1').pluck().get();

  async function paused(key: string) {
    gate.reached = false;
    const pending = apiRequest(emu, 'POST', '/api/v1/test/paused-change', { key });
    for (let i = 0; i < 400 && !gate.reached; i++) await delay(25);
    expect(gate.reached, 'the handler was never reached').toBe(true);
    return { pending }; // wrapped: an async function returning the promise would wait for it
  }

  it('a key revoked while the handler waits: 401 from store.mutate, the change rolled back', async () => {
    const l = await newKey();
    const before = overrides();
    const { pending } = await paused(l.key);
    await revoke(l);
    const since = lastSeq();
    gate.release();
    const res = await pending;
    expect([res.status, res.body]).toEqual([401, { detail: 'API key has been revoked' }]);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(overrides()).toBe(before);
    expect(eventsAfter(since)).toEqual([
      {
        type: 'auth.failed',
        reason: 'revoked',
        method: 'POST',
        path: '/api/v1/test/paused-change',
        api_key_id: l.id,
        rechecked: true,
      },
    ]);
  });

  it('a user demoted while the handler waits: 403, access.denied naming what was lost', async () => {
    const l = await newKey();
    const userId = emu.store.prepare('SELECT user_id FROM api_keys WHERE id = ?').pluck().get(l.id);
    const before = overrides();
    const { pending } = await paused(l.key);
    emu.store.prepare("UPDATE users SET role = 'viewer' WHERE id = ?").run(userId);
    const since = lastSeq();
    gate.release();
    const res = await pending;
    emu.store.prepare("UPDATE users SET role = 'owner' WHERE id = ?").run(userId);
    expect([res.status, res.body]).toEqual([
      403,
      { detail: "the API key's role (owner, now viewer) changed while the request was in flight" },
    ]);
    expect(overrides()).toBe(before);
    expect(eventsAfter(since)).toEqual([
      expect.objectContaining({ type: 'access.denied', api_key_id: l.id, role: 'viewer', rechecked: true }),
    ]);
  });
});

describe('a request that never completes', () => {
  it('is cut off at the request timeout: 408 and the connection closed; nothing stored', async () => {
    const quick = await startInProcess({ requestTimeoutMs: 1000 });
    try {
      const slow = slowRequest(quick, 'PUT', '/api/v1/secrets/NEVER_SENT', quick.ownerKey, { value: 'v' });
      slow.sendPart(5);
      // The server decides when: the bound here only stops a broken server from hanging the test.
      const answer = await Promise.race([
        slow.answer.catch((e: Error) => ({ status: 0, body: e.message })),
        delay(15_000).then(() => ({ status: -1, body: 'no answer and still open after 15 s' })),
      ]);
      slow.destroy();
      expect(answer).toEqual({ status: 408, body: { detail: 'request not received within 1 s' } });
      expect(quick.store.prepare('SELECT count(*) FROM secrets').pluck().get()).toBe(0);
      expect(auditRows(quick.store).filter((e) => e.event_type === 'secret.set')).toEqual([]);
      expect(quick.logLines.filter((l) => l.startsWith('timeout '))).toEqual([
        'timeout 127.0.0.1 request not received within 1 s; connection closed',
      ]);
    } finally {
      await quick.close();
    }
  });

  it('the limits a server gets by default: 30 s for the request, 10 s for its headers', () => {
    expect([REQUEST_TIMEOUT_MS, HEADERS_TIMEOUT_MS]).toEqual([30_000, 10_000]);
    // The idle timer closes a socket without a word: it must not beat the request timeout's 408.
    expect(IDLE_TIMEOUT_MS).toBeGreaterThan(REQUEST_TIMEOUT_MS + 5_000);
    const server = emu.app.server as unknown as {
      requestTimeout: number;
      headersTimeout: number;
      timeout: number;
    };
    expect([server.requestTimeout, server.headersTimeout, server.timeout]).toEqual([30_000, 10_000, 60_000]);
  });
});
