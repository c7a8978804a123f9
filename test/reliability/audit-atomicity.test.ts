// A change and its audit event are one transaction, on every route that changes state. A fault is
// injected between the two (a trigger that makes the event's INSERT fail inside the emulator's
// transaction, as a full disk would): the client gets 500, and no table changed. Without the fault
// the same request succeeds with exactly one event. The table of cases must name every non-GET
// route in the policy table, so a route added later fails here until it has its case. Refusals
// (auth.failed, access.denied, quota.exceeded, quota.override_rejected) are still written while
// every change event fails. Spawns the built CLI's emulator (npm run build first).
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANGE_EVENT_TYPES } from '../../src/emulator/audit.js';
import { OPTIONAL_POLICIES, POLICIES } from '../../src/emulator/policy.js';
import { type ApiResponse, apiRequest } from '../helpers/api-request.js';
import { eventsOf, injectInsertFault, openDataDb, snapshotTables } from '../helpers/db-state.js';
import { type EmulatorHandle, startEmulator } from '../helpers/emulator.js';

let emu: EmulatorHandle;
let db: Database.Database;
let org: string;
let superuserKey: string;
let execute: string;
let n = 0;
/** A fresh name per attempt, so the retried request is a change too. */
const fresh = (prefix: string) => `${prefix}${++n}`;

beforeAll(async () => {
  emu = await startEmulator({ env: { ENABLE_DEVELOPER_ROUTES: 'true' } });
  db = openDataDb(emu.dataDir);
  org = ((await apiRequest(emu, 'GET', '/api/v1/auth/me')).body as { organization_id: string })
    .organization_id;
  superuserKey = await emu.addUser('owner', ['--superuser', '--name', 'root']);
  const wf = await put('/api/v1/workflows', 'POST', { name: 'atomic/wf' });
  expect(wf.status).toBe(201);
  execute = `/api/v1/workflows/${(wf.body as { id: string }).id}/execute`;
}, 60_000);
afterAll(async () => {
  db?.close();
  await emu?.stop();
});

function put(path: string, method = 'PUT', body?: unknown, key?: string): Promise<ApiResponse> {
  return apiRequest(emu, method, path, { body, ...(key ? { key } : {}) });
}

interface Case {
  /** The event the change records; the fault is injected on it. */
  event: string;
  /** Make what the request needs (runs without a fault); returns the request to send. */
  setup: () => Promise<() => Promise<ApiResponse>>;
}

const secret = async (name: string) => {
  expect((await put(`/api/v1/secrets/${name}`, 'PUT', { value: 'v' })).status).toBe(201);
};

/** One case per non-GET route of the policy table (POLICIES and OPTIONAL_POLICIES). */
const CASES: Record<string, Case> = {
  'POST /api/v1/api-keys': {
    event: 'api_key.created',
    setup: async () => () => put('/api/v1/api-keys', 'POST', { name: fresh('k'), scopes: ['read'] }),
  },
  'DELETE /api/v1/api-keys/:id': {
    event: 'api_key.revoked',
    setup: async () => {
      const made = await put('/api/v1/api-keys', 'POST', { name: fresh('gone'), scopes: ['read'] });
      return () => put(`/api/v1/api-keys/${(made.body as { id: string }).id}`, 'DELETE');
    },
  },
  'PATCH /api/v1/organizations/:id/governance': {
    event: 'governance.settings_changed',
    setup: async () => () =>
      put(`/api/v1/organizations/${org}/governance`, 'PATCH', { approval_threshold: (n++ % 90) + 2 }),
  },
  'PATCH /api/v1/organizations/:id/quota': {
    event: 'quota.override_set',
    setup: async () => () => put(`/api/v1/organizations/${org}/quota`, 'PATCH', { memory_mb: 1000 + n++ }),
  },
  'POST /api/v1/workflows': {
    event: 'workflow.created',
    setup: async () => () => put('/api/v1/workflows', 'POST', { name: fresh('atomic/new-') }),
  },
  'POST /api/v1/workflows/:id/execute': {
    event: 'workflow.execute',
    setup: async () => () => put(execute, 'POST', { input_data: {} }),
  },
  'PUT /api/v1/secrets/:name': {
    event: 'secret.set',
    setup: async () => () => put('/api/v1/secrets/ATOMIC_SET', 'PUT', { value: fresh('value-') }),
  },
  'PUT /api/v1/secrets/:name/rotation': {
    event: 'secret.rotation_changed',
    setup: async () => {
      const name = fresh('ROTATED_');
      await secret(name);
      return () => put(`/api/v1/secrets/${name}/rotation`, 'PUT', { enabled: true, interval_days: 30 });
    },
  },
  'DELETE /api/v1/secrets/:name': {
    event: 'secret.deleted',
    setup: async () => {
      const name = fresh('DOOMED_');
      await secret(name);
      return () => put(`/api/v1/secrets/${name}`, 'DELETE');
    },
  },
  'PUT /api/v1/organizations/:id/access-policy': {
    event: 'access.policy_changed',
    setup: async () => () =>
      put(`/api/v1/organizations/${org}/access-policy`, 'PUT', {
        access_control: {
          enabled: true,
          default_role: 'viewer',
          roles: [{ name: fresh('role-'), permissions: ['read'] }],
          resources: {},
        },
        network: { ip_allowlist: [], ip_blocklist: [] },
      }),
  },
  'PATCH /api/v1/organizations/:id/members/:user_id': {
    event: 'member.role_changed',
    setup: async () => {
      const key = await emu.addUser('viewer');
      const me = await apiRequest(emu, 'GET', '/api/v1/auth/me', { key });
      const user = (me.body as { user_id: string }).user_id;
      // The faulted attempt rolls back, so the retry is the same change again.
      return () => put(`/api/v1/organizations/${org}/members/${user}`, 'PATCH', { role: 'member' });
    },
  },
  'POST /api/v1/dev/shell': {
    // No stored state but its event: if the event cannot be written, the request fails.
    event: 'DEVELOPER_SHELL_EXECUTED',
    setup: async () => () => put('/api/v1/dev/shell', 'POST', { command: 'ls' }, superuserKey),
  },
};

/** Routes that are not a GET but change nothing and record no event: a question asked by POST. */
const READ_ONLY = ['POST /api/v1/organizations/:id/access-policy/check'];

describe('a change and its audit event: one transaction', () => {
  it('has a case for every route that is not a GET', () => {
    const routes = [...POLICIES, ...OPTIONAL_POLICIES]
      .filter((p) => p.method !== 'GET')
      .map((p) => `${p.method} ${p.url}`)
      .sort();
    expect([...Object.keys(CASES), ...READ_ONLY].sort()).toEqual(routes);
  });

  it.each(READ_ONLY)('%s stores nothing', async (route) => {
    const path = route.split(' ')[1]?.replace(':id', org) ?? '';
    const before = snapshotTables(db);
    const answer = await put(path, 'POST', { action: 'read', resource: 'secrets/shared/X' });
    expect(answer.status, answer.text).toBe(200);
    expect(snapshotTables(db)).toBe(before);
  });

  it.each(Object.entries(CASES))('%s: 500 and nothing stored when its event fails', async (_route, c) => {
    const send = await c.setup();
    const events = eventsOf(db, c.event).length;
    const heal = injectInsertFault(db, 'audit_events', [c.event]);
    let failed: ApiResponse;
    const before = snapshotTables(db);
    try {
      failed = await send();
    } finally {
      heal();
    }
    expect({ status: failed.status, body: failed.body }).toEqual({
      status: 500,
      body: { detail: 'Internal Server Error' },
    });
    expect(snapshotTables(db)).toBe(before);

    // Positive control: the same request without the fault changes state, with exactly one event.
    const ok = await send();
    expect(ok.status, ok.text).toBeLessThan(300);
    expect(eventsOf(db, c.event)).toHaveLength(events + 1);
  });
});

describe('a failed run and its failure event: one transaction too', () => {
  it('500 and no run stored when the event fails; then the run is stored failed, with its event', async () => {
    const definition = {
      name: 'missing',
      version: 1,
      nodes: [{ id: 'call', type: 'tool', headers: { Authorization: 'Bearer {{secrets.ATOMIC_MISSING}}' } }],
      edges: [],
    };
    const wf = await put('/api/v1/workflows', 'POST', { name: 'atomic/missing', definition });
    expect(wf.status, wf.text).toBe(201);
    const path = `/api/v1/workflows/${(wf.body as { id: string }).id}/execute`;
    const body = { input_data: {}, environment: 'production' };
    const events = eventsOf(db, 'workflow.execute').length;
    const heal = injectInsertFault(db, 'audit_events', ['workflow.execute']);
    const before = snapshotTables(db);
    let failed: ApiResponse;
    try {
      failed = await put(path, 'POST', body);
    } finally {
      heal();
    }
    expect(failed.status).toBe(500);
    expect(snapshotTables(db)).toBe(before);
    const ok = await put(path, 'POST', body);
    expect(ok.body).toMatchObject({
      status: 'failed',
      error_message: 'secret ATOMIC_MISSING is not set in production',
    });
    expect(eventsOf(db, 'workflow.execute')).toHaveLength(events + 1);
  });
});

describe('refusals are recorded while every change event fails', () => {
  let heal: () => void;
  beforeAll(async () => {
    // Runs at most 0 an hour, for quota.exceeded; set before the fault.
    const set = await put(`/api/v1/organizations/${org}/quota`, 'PATCH', { workflow_runs_per_hour: 0 });
    expect(set.status).toBe(200);
    heal = injectInsertFault(db, 'audit_events', CHANGE_EVENT_TYPES);
  });
  afterAll(() => heal());

  it.each([
    ['auth.failed', 401, () => apiRequest(emu, 'GET', '/api/v1/secrets', { key: 'fib_test_unknownunknown' })],
    [
      'access.denied',
      403,
      async () => put('/api/v1/secrets/NOPE', 'PUT', { value: 'v' }, await emu.addUser('viewer')),
    ],
    // Refused inside the execute's transaction: kept when that transaction rolls back.
    ['quota.exceeded', 429, () => put(execute, 'POST', {})],
    [
      'quota.override_rejected',
      422,
      () => put(`/api/v1/organizations/${org}/quota`, 'PATCH', { memory_mb: 10_000_000 }),
    ],
  ] as const)('%s (%i)', async (type, status, send) => {
    const before = eventsOf(db, type).length;
    expect((await send()).status).toBe(status);
    expect(eventsOf(db, type)).toHaveLength(before + 1);
  });
});
