// GET /api/v1/audit/events over real HTTPS against an in-process emulator: filters, order, the
// keyset cursor (identical timestamps, inserts while paging), validation and who may read it.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiKey, createUser, defaultOrganization } from '../../../src/emulator/accounts.js';
import { authorise } from '../../../src/emulator/authorise.js';
import { POLICIES } from '../../../src/emulator/policy.js';
import type { Store } from '../../../src/emulator/store.js';
import type { Principal, Role } from '../../../src/emulator/types.js';
import { apiRequest } from '../../helpers/api-request.js';
import { auditRows, type InProcessEmulator, startInProcess } from '../../helpers/in-process-emulator.js';

let emu: InProcessEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const PATH = '/api/v1/audit/events';
interface Body {
  events: Array<Record<string, unknown> & { id: string; timestamp: string }>;
  next_cursor: string | null;
}

/** Insert `n` events straight into the store (as seed-audit does), all at `timestamp` unless given per row. */
function seed(
  store: Store,
  n: number,
  at: (i: number) => string,
  extra: (i: number) => Record<string, unknown> = () => ({}),
) {
  const org = defaultOrganization(store)!;
  const insert = store.db.prepare(
    `INSERT INTO audit_events (id, org_id, timestamp, event_type, workflow_id, user_id, ip_address, action, status, duration_ms, metadata)
     VALUES (@id, @org, @timestamp, @event_type, @workflow_id, @user_id, '10.0.0.1', 'x', @status, NULL, '{"n":1}')`,
  );
  store.transaction(() => {
    for (let i = 0; i < n; i++) {
      insert.run({
        id: `evt_${randomBytes(12).toString('hex')}`,
        org: org.id,
        timestamp: at(i),
        event_type: 'workflow.execute',
        workflow_id: 'production-pipeline',
        user_id: 'user-123',
        status: 'success',
        ...extra(i),
      });
    }
  });
}

async function all(e: InProcessEmulator, query: string, key?: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const q = `${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await apiRequest(e, 'GET', `${PATH}?${q}`, key ? { key } : {});
    expect(res.status).toBe(200);
    const body = res.body as Body;
    ids.push(...body.events.map((x) => x.id));
    cursor = body.next_cursor;
  } while (cursor !== null);
  return ids;
}

function keyFor(e: InProcessEmulator, role: Role, scopes: string[]): string {
  const org = defaultOrganization(e.store)!;
  const user = createUser(e.store, { orgId: org.id, role });
  return createApiKey(e.store, { orgId: org.id, userId: user.id, name: role, scopes, workflows: ['**'] }).key;
}

describe('GET /api/v1/audit/events', () => {
  it('pages 10,000 events with one timestamp without a duplicate or a gap, both orders', async () => {
    emu = await startInProcess();
    seed(emu.store, 10_000, () => '2026-11-29T10:00:00.000Z');
    const stored = (auditRows(emu.store) as Array<{ id: string }>).map((r) => r.id).sort();
    const asc = await all(emu, 'order=asc&limit=1000');
    expect(asc).toEqual(stored);
    const desc = await all(emu, 'limit=777');
    expect(desc).toEqual([...stored].reverse());
  });

  it('keeps the cursor valid while events are inserted, before and after it', async () => {
    emu = await startInProcess();
    seed(emu.store, 300, (i) => `2026-11-29T10:00:${String(i % 60).padStart(2, '0')}.000Z`);
    const before = (auditRows(emu.store) as Array<{ id: string }>).map((r) => r.id);
    const first = (await apiRequest(emu, 'GET', `${PATH}?order=asc&limit=100`)).body as Body;
    // New events land at the head, at the tail, and exactly on the cursor's timestamp.
    seed(emu.store, 50, (i) => ['2026-11-29T09:00:00.000Z', '2026-11-29T11:00:00.000Z'][i % 2] as string);
    const ids = first.events.map((x) => x.id);
    let cursor = first.next_cursor;
    while (cursor) {
      const page = (await apiRequest(emu, 'GET', `${PATH}?order=asc&limit=100&cursor=${cursor}`))
        .body as Body;
      ids.push(...page.events.map((x) => x.id));
      cursor = page.next_cursor;
    }
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of before) expect(ids).toContain(id);
    expect(ids).toHaveLength(300 + 25); // the 25 later ones come after the cursor; the earlier 25 precede it
  });

  it('filters by time, workflow, user, status and event types (repeated ORs), newest first', async () => {
    emu = await startInProcess();
    const types = ['workflow.execute', 'secret.set', 'access.denied'];
    seed(
      emu.store,
      30,
      (i) => `2026-11-29T10:00:${String(i).padStart(2, '0')}.000Z`,
      (i) => ({
        event_type: types[i % 3],
        status: i % 3 === 2 ? 'denied' : 'success',
        user_id: i < 15 ? 'user-123' : 'user-456',
        workflow_id: i % 2 ? 'customer-support' : 'production-pipeline',
      }),
    );
    const get = async (q: string) => ((await apiRequest(emu!, 'GET', `${PATH}?${q}`)).body as Body).events;
    const ranged = await get('since=2026-11-29T10:00:10Z&until=2026-11-29T10:00:19.000Z');
    expect(ranged.map((e) => e.timestamp.slice(17, 19))).toEqual([
      '19',
      '18',
      '17',
      '16',
      '15',
      '14',
      '13',
      '12',
      '11',
      '10',
    ]);
    expect((await get('user_id=user-456')).length).toBe(15);
    expect((await get('workflow_id=customer-support&user_id=user-123')).length).toBe(7);
    expect((await get('status=denied')).every((e) => e.event_type === 'access.denied')).toBe(true);
    expect((await get('event_type=secret.set&event_type=access.denied')).length).toBe(20);
    const one = (await get('limit=1'))[0]!;
    expect(Object.keys(one)).toEqual([
      'id',
      'timestamp',
      'event_type',
      'workflow_id',
      'user_id',
      'ip_address',
      'action',
      'status',
      'duration_ms',
      'metadata',
    ]);
    expect(one.metadata).toEqual({ n: 1 });
  });

  it('validates limit, order, times and cursors', async () => {
    emu = await startInProcess();
    expect((await apiRequest(emu, 'GET', `${PATH}?limit=1001`)).status).toBe(422);
    expect((await apiRequest(emu, 'GET', `${PATH}?limit=0`)).status).toBe(422);
    expect((await apiRequest(emu, 'GET', `${PATH}?order=sideways`)).status).toBe(422);
    expect((await apiRequest(emu, 'GET', `${PATH}?since=yesterday`)).status).toBe(422);
    const bad = await apiRequest(emu, 'GET', `${PATH}?cursor=not-a-cursor`);
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ detail: 'invalid cursor' });
    seed(emu.store, 3, () => '2026-11-29T10:00:00.000Z');
    const page = (await apiRequest(emu, 'GET', `${PATH}?limit=1`)).body as Body;
    const wrongOrder = await apiRequest(emu, 'GET', `${PATH}?order=asc&cursor=${page.next_cursor}`);
    expect(wrongOrder.status).toBe(400);
  });

  it('lets a key with audit:read in, of any role, and records the others as access.denied', async () => {
    emu = await startInProcess();
    const viewer = keyFor(emu, 'viewer', ['read']);
    const auditor = keyFor(emu, 'member', ['audit:read']);
    const admin = keyFor(emu, 'admin', ['read']);
    for (const key of [viewer, auditor, admin])
      expect((await apiRequest(emu, 'GET', PATH, { key })).status).toBe(200);
    // An admin's or owner's key without a read scope (a CI key) reads no more of the log than of
    // anything else: the role is no substitute for the key's scope.
    const refused = [
      keyFor(emu, 'member', ['execute']),
      keyFor(emu, 'admin', ['execute']),
      keyFor(emu, 'owner', ['execute']),
      keyFor(emu, 'owner', ['secrets:read']),
    ];
    for (const key of refused) {
      const denied = await apiRequest(emu, 'GET', PATH, { key });
      expect(denied.status).toBe(403);
      expect(denied.body).toEqual({ detail: 'requires scope audit:read' });
    }
    const events = ((await apiRequest(emu, 'GET', `${PATH}?event_type=access.denied`)).body as Body).events;
    expect(events).toHaveLength(4);
    expect(events[0]).toMatchObject({ status: 'denied', action: `GET ${PATH}`, ip_address: '127.0.0.1' });
  });
});

describe('authorise the audit log', () => {
  const policy = POLICIES.find((p) => p.url === PATH)!;
  const who = (role: Role, scopes: string[]): Principal => ({
    keyId: 'k',
    keyName: 'k',
    userId: 'u',
    orgId: 'o',
    role,
    isSuperuser: false,
    scopes,
    scopeMap: {},
    workflows: [],
    createdAt: '',
    expiresAt: null,
  });
  it.each([
    ['viewer', ['audit:read'], true],
    ['viewer', ['read'], true],
    ['admin', ['read'], true],
    ['owner', ['admin'], true],
    ['owner', [], false],
    ['admin', ['execute'], false],
    ['owner', ['secrets:read'], false],
    ['member', ['execute'], false],
    ['viewer', ['secrets:read'], false],
  ] as const)('%s with %j → %s', (role, scopes, allowed) => {
    expect(authorise(policy, who(role, [...scopes])).allowed).toBe(allowed);
  });
});
