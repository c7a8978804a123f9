// Organization quota and governance over real TLS against the spawned emulator (npm run build first).

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest } from '../../helpers/api-request.js';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';

let emu: EmulatorHandle;
let orgId: string;
let quotaPath: string;
let governancePath: string;

function events(type: string): Array<{ user_id: string; metadata: string; status: string }> {
  const db = new Database(join(emu.dataDir, 'emulator.db'), { readonly: true });
  try {
    return db.prepare('SELECT * FROM audit_events WHERE event_type = ? ORDER BY seq').all(type) as never;
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  emu = await startEmulator();
  orgId = ((await apiRequest(emu, 'GET', '/api/v1/auth/me')).body as { organization_id: string })
    .organization_id;
  quotaPath = `/api/v1/organizations/${orgId}/quota`;
  governancePath = `/api/v1/organizations/${orgId}/governance`;
});
afterAll(() => emu.stop());

const PRO = { workflow_runs_per_hour: 1000, concurrent_executions: 10, memory_mb: 4096 };

describe('quota', () => {
  it('shows the pro plan defaults with no overrides', async () => {
    const res = await apiRequest(emu, 'GET', quotaPath);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ plan: 'pro', limits: PRO, overrides: {}, effective: PRO });
  });

  // The seed's validation table. Each row is one PATCH on a fresh override state.
  it.each([
    [
      'negative: discarded, the default applies',
      { memory_mb: -1 },
      200,
      {},
      [{ field: 'memory_mb', value: -1, reason: 'negative' }],
    ],
    ['zero: allowed (stops all runs)', { workflow_runs_per_hour: 0 }, 200, { workflow_runs_per_hour: 0 }, []],
    [
      'non-numeric: discarded',
      { concurrent_executions: 'lots' },
      200,
      {},
      [{ field: 'concurrent_executions', value: 'lots', reason: 'not a number' }],
    ],
    ['exactly 100×: allowed', { memory_mb: 409_600 }, 200, { memory_mb: 409_600 }, []],
    ['100× + 1: rejected', { memory_mb: 409_601 }, 422, undefined, undefined],
    ['unknown key: rejected', { disk_gb: 5 }, 422, undefined, undefined],
  ])('%s', async (_name, body, status, overrides, discarded) => {
    await apiRequest(emu, 'PATCH', quotaPath, {
      body: { workflow_runs_per_hour: null, concurrent_executions: null, memory_mb: null },
    });
    const res = await apiRequest(emu, 'PATCH', quotaPath, { body });
    expect(res.status).toBe(status);
    if (status === 200) {
      expect(res.body).toEqual({
        plan: 'pro',
        limits: PRO,
        overrides,
        effective: { ...PRO, ...overrides },
        discarded,
      });
      expect((await apiRequest(emu, 'GET', quotaPath)).body).toMatchObject({ overrides });
    }
  });

  it('names the field and the ceiling in the 422, changes nothing, and records quota.override_rejected', async () => {
    await apiRequest(emu, 'PATCH', quotaPath, { body: { concurrent_executions: 20 } });
    const res = await apiRequest(emu, 'PATCH', quotaPath, {
      body: { concurrent_executions: 30, memory_mb: 409_601 },
    });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      detail: [
        {
          loc: ['body', 'memory_mb'],
          msg: '409601 is above the ceiling 409600 (100× the pro plan default 4096)',
          type: 'less_than_equal',
        },
      ],
    });
    expect(((await apiRequest(emu, 'GET', quotaPath)).body as { overrides: object }).overrides).toMatchObject(
      {
        concurrent_executions: 20,
      },
    );
    const rejected = events('quota.override_rejected').at(-1);
    expect(rejected?.status).toBe('failure');
    expect(JSON.parse(rejected?.metadata ?? '{}')).toMatchObject({ fields: ['memory_mb'] });
    const unknown = await apiRequest(emu, 'PATCH', quotaPath, { body: { disk_gb: 5 } });
    expect(unknown.body).toEqual({
      detail: [{ loc: ['body', 'disk_gb'], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' }],
    });
  });

  it('records quota.override_set with what was set and discarded', async () => {
    await apiRequest(emu, 'PATCH', quotaPath, { body: { workflow_runs_per_hour: 2000, memory_mb: -5 } });
    const set = events('quota.override_set').at(-1);
    expect(JSON.parse(set?.metadata ?? '{}')).toMatchObject({
      set: { workflow_runs_per_hour: 2000 },
      discarded: [{ field: 'memory_mb', reason: 'negative' }],
    });
  });

  it('lets admins read but only owners change; other organizations are 404', async () => {
    const admin = await emu.addUser('admin');
    const member = await emu.addUser('member');
    expect((await apiRequest(emu, 'GET', quotaPath, { key: admin })).status).toBe(200);
    const patch = await apiRequest(emu, 'PATCH', quotaPath, { key: admin, body: { memory_mb: 1 } });
    expect(patch.status).toBe(403);
    expect(patch.body).toEqual({ detail: 'requires role owner' });
    expect((await apiRequest(emu, 'GET', quotaPath, { key: member })).status).toBe(403);
    const other = await apiRequest(emu, 'GET', '/api/v1/organizations/org-other/quota');
    expect(other.status).toBe(404);
    expect(other.body).toEqual({ detail: 'organization not found' });
  });

  it('enforces workflow_runs_per_hour on execution: 429 with Retry-After and quota.exceeded', async () => {
    await apiRequest(emu, 'PATCH', quotaPath, { body: { workflow_runs_per_hour: 2 } });
    const wf = await apiRequest(emu, 'POST', '/api/v1/workflows', {
      body: { name: 'quota/probe' },
    });
    expect(wf.status).toBe(201);
    const id = (wf.body as { id: string }).id;
    const runs = [];
    for (let i = 0; i < 3; i++)
      runs.push(await apiRequest(emu, 'POST', `/api/v1/workflows/${id}/execute`, { body: {} }));
    expect(runs.map((r) => r.status)).toEqual([200, 200, 429]);
    const retryAfter = Number(runs[2]?.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(3500);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(runs[2]?.body).toEqual({
      detail: `workflow_runs_per_hour quota of 2 reached; retry in ${retryAfter} s`,
    });
    expect(JSON.parse(events('quota.exceeded').at(-1)?.metadata ?? '{}')).toMatchObject({
      quota: 'workflow_runs_per_hour',
      limit: 2,
      runs_last_hour: 2,
    });
    await apiRequest(emu, 'PATCH', quotaPath, { body: { workflow_runs_per_hour: null } });
    expect((await apiRequest(emu, 'POST', `/api/v1/workflows/${id}/execute`, { body: {} })).status).toBe(200);
  });
});

describe('governance', () => {
  it('shows the defaults, updates partially and records before/after', async () => {
    const get = await apiRequest(emu, 'GET', governancePath);
    expect(get.body).toEqual({
      require_approval_for_external_comm: true,
      require_approval_for_public_writes: true,
      require_approval_for_permission_changes: true,
      allow_self_approval: false,
      approval_threshold: 1,
      category_flags: {},
    });
    const patch = await apiRequest(emu, 'PATCH', governancePath, {
      body: { approval_threshold: 2, allow_self_approval: false, category_flags: { finance: true } },
    });
    expect(patch.status).toBe(200);
    expect(patch.body).toMatchObject({
      approval_threshold: 2,
      allow_self_approval: false,
      category_flags: { finance: true },
    });
    const changed = events('governance.settings_changed').at(-1);
    expect(JSON.parse(changed?.metadata ?? '{}')).toEqual({
      changed: ['approval_threshold', 'category_flags'],
      before: { approval_threshold: 1, category_flags: {} },
      after: { approval_threshold: 2, category_flags: { finance: true } },
    });
    await apiRequest(emu, 'PATCH', governancePath, { body: { category_flags: { finance: null } } });
    expect(
      ((await apiRequest(emu, 'GET', governancePath)).body as { category_flags: object }).category_flags,
    ).toEqual({});
  });

  it('validates types and unknown fields with 422; owners only', async () => {
    const bad = await apiRequest(emu, 'PATCH', governancePath, {
      body: { approval_threshold: 'two', mystery: true },
    });
    expect(bad.status).toBe(422);
    expect(bad.body).toEqual({
      detail: [
        { loc: ['body', 'mystery'], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' },
        { loc: ['body', 'approval_threshold'], msg: 'Input should be a valid integer', type: 'int_type' },
      ],
    });
    const admin = await emu.addUser('admin');
    expect((await apiRequest(emu, 'GET', governancePath, { key: admin })).status).toBe(200);
    expect(
      (await apiRequest(emu, 'PATCH', governancePath, { key: admin, body: { approval_threshold: 3 } }))
        .status,
    ).toBe(403);
  });
});
