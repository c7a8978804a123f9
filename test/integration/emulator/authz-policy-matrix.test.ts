// The authorisation matrix, grown to the access policy: every row of POLICIES × custom roles of
// each permission (keys holding every scope and pattern, so step 4 alone decides), then every
// workflow and secret row × built-in, custom and fallen-back roles × resources inside and outside
// enabled resource rules (step 5), lists included. Expected answers come from ./access-oracle.ts,
// written from docs/authorization.md without the server's code; each is asserted against a spawned emulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLICIES, type RoutePolicy } from '../../../src/emulator/policy.js';
import {
  type OraclePolicy,
  oracleAllows,
  oracleResourceRule,
  oracleRole,
  oracleRoleAllows,
} from '../../helpers/access-oracle.js';
import { apiRequest, type KeyedClient, keyedClient } from '../../helpers/api-request.js';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';

const CUSTOM = ['p-read', 'p-write', 'p-execute', 'p-delete', 'p-admin', 'p-none'];
const roles = CUSTOM.map((name) => ({ name, permissions: name === 'p-none' ? [] : [name.slice(2)] }));
const STEP4: OraclePolicy = { access_control: { enabled: false, default_role: 'p-execute', roles } };
const STEP5: OraclePolicy = {
  access_control: {
    enabled: true,
    default_role: 'p-execute',
    roles,
    resources: {
      workflows: {
        'production/*': {
          execute: [{ role: 'p-execute' }, { role: 'member' }],
          write: [{ role: 'p-admin' }],
          read: [{ role: 'p-read' }, { role: 'p-execute' }],
        },
        'production/etl': { execute: [{ role: 'p-admin' }] },
        '**': { read: [{ role: 'viewer' }, { role: 'p-read' }, { role: 'p-admin' }] },
      },
      secrets: {
        '*': {
          read: [{ role: 'admin' }, { role: 'p-read' }],
          write: [{ role: 'admin' }],
          delete: [{ role: 'admin' }],
        },
        'production/API_*': { read: [{ role: 'p-write' }, { role: 'member' }], write: [{ role: 'p-write' }] },
      },
    },
  },
};
// `gone` holds a custom role the policy no longer has: it is decided as default_role (p-execute).
const PEOPLE = ['admin', 'member', 'viewer', ...CUSTOM, 'gone'];

let emu: EmulatorHandle;
let client: KeyedClient;
let orgId = '';
const keys = new Map<string, string>();
const wf = new Map<string, { id: string; run: string }>();
let seq = 0;

const send = (method: string, path: string, key: string, body?: unknown) =>
  client.send(method, path, key, body);
const putPolicy = async (doc: OraclePolicy) => {
  const res = await apiRequest(emu, 'PUT', `/api/v1/organizations/${orgId}/access-policy`, { body: doc });
  expect(res.status, res.text).toBe(200);
};

beforeAll(async () => {
  emu = await startEmulator({
    env: { ENABLE_DOCS: 'true', ENABLE_DEVELOPER_ROUTES: 'true' },
    timeoutMs: 60_000,
  });
  client = keyedClient(emu);
  orgId = ((await apiRequest(emu, 'GET', '/api/v1/auth/me')).body as { organization_id: string })
    .organization_id;
  await putPolicy({
    ...STEP4,
    access_control: { ...STEP4.access_control, roles: [...roles, { name: 'gone', permissions: ['admin'] }] },
  });
  for (const who of PEOPLE) keys.set(who, await emu.addUser(who, ['--scope', 'admin', '--workflows', '**']));
  await putPolicy(STEP4); // `gone` is gone
  for (const name of ['production/etl', 'production/other', 'staging/x']) {
    const created = await apiRequest(emu, 'POST', '/api/v1/workflows', { body: { name } });
    const id = (created.body as { id: string }).id;
    const run = await apiRequest(emu, 'POST', `/api/v1/workflows/${id}/execute`, { body: {} });
    wf.set(name, { id, run: (run.body as { id: string }).id });
  }
  for (const [env, name] of [
    ['production', 'API_ONE'],
    ['production', 'DB_URL'],
    [null, 'TOKEN'],
  ] as const) {
    const q = env ? `?environment=${env}` : '';
    expect(
      (await apiRequest(emu, 'PUT', `/api/v1/secrets/${name}${q}`, { body: { value: 'v' } })).status,
    ).toBe(201);
  }
}, 180_000);

afterAll(async () => {
  await client?.close();
  await emu?.stop();
});

/** A request that passes validation, per route; for step 4, whatever reaches the handler. */
function call(row: RoutePolicy): { path: string; body?: unknown } {
  const route = `${row.method} ${row.url}`;
  const special: Record<string, { path: string; body?: unknown }> = {
    'POST /api/v1/api-keys': { path: '/api/v1/api-keys', body: { name: 'm', scopes: ['read'] } },
    'POST /api/v1/workflows': { path: '/api/v1/workflows', body: { name: `staging/m-${++seq}` } },
    'POST /api/v1/workflows/:id/execute': {
      path: `/api/v1/workflows/${wf.get('staging/x')?.id}/execute`,
      body: {},
    },
    'GET /api/v1/runs/:id': { path: `/api/v1/runs/${wf.get('staging/x')?.run}` },
    'PUT /api/v1/secrets/:name': { path: '/api/v1/secrets/MATRIX_W', body: { value: 'v' } },
  };
  if (special[route]) return special[route];
  const path = row.url.replace(/:(\w+)/g, (_m, p: string) =>
    p === 'id' && row.url.includes('/organizations/') ? orgId : `MATRIX_${p}`,
  );
  return { path, ...(['POST', 'PUT', 'PATCH'].includes(row.method) ? { body: {} } : {}) };
}

describe('authorisation matrix: custom roles (step 4, generated from POLICIES)', () => {
  it('every keyed row says what a custom role needs (a permission, or null for any role)', () => {
    const silent = POLICIES.filter((r) => !r.public && r.minRole !== 'owner' && r.permission === undefined);
    expect(silent.map((r) => `${r.method} ${r.url}`)).toEqual([]);
  });

  it('covers every row, and the oracle both allows and refuses custom roles', () => {
    const verdicts = POLICIES.flatMap((row) =>
      CUSTOM.map((r) => oracleRoleAllows(row, oracleRole(STEP4, r))),
    );
    expect(verdicts).toContain(true);
    expect(verdicts).toContain(false);
  });

  // PUT access-policy is owner-only: no custom role may reach it (so none can replace this policy).
  it.each(POLICIES.map((row) => [`${row.method} ${row.url}`, row] as const))('%s', async (_route, row) => {
    const failures: string[] = [];
    await Promise.all(
      [...CUSTOM, 'gone'].map(async (who) => {
        const c = call(row);
        const res = await send(row.method, c.path, keys.get(who) as string, c.body);
        const allow = oracleRoleAllows(row, oracleRole(STEP4, who));
        if (allow ? [401, 403].includes(res.status) : res.status !== 403) {
          failures.push(
            `${who}: want ${allow ? 'not 401/403' : 403}, got ${res.status} ${res.text.slice(0, 120)}`,
          );
        }
      }),
    );
    expect(failures).toEqual([]);
  });
});

const RESOURCE_ROWS = POLICIES.filter((r) => r.resource && !r.resource.list);
const WORKFLOWS = ['production/etl', 'production/other', 'staging/x'];
const SECRETS = ['shared/MATRIX_MISSING', 'production/API_MISSING', 'production/MATRIX_MISSING'];

function resourceCall(row: RoutePolicy, target: string): { path: string; body?: unknown; resource: string } {
  const route = `${row.method} ${row.url}`;
  if (row.resource?.kind === 'workflows') {
    const w = wf.get(target);
    if (route === 'GET /api/v1/runs/:id')
      return { path: `/api/v1/runs/${w?.run}`, resource: `workflows/${target}` };
    if (route === 'POST /api/v1/workflows') {
      const name = `${target.split('/')[0]}/new-${++seq}`;
      return { path: '/api/v1/workflows', body: { name }, resource: `workflows/${name}` };
    }
    return { path: `/api/v1/workflows/${w?.id}/execute`, body: {}, resource: `workflows/${target}` };
  }
  const [scope, name] = target.split('/') as [string, string];
  const q = scope === 'shared' ? '' : `?environment=${scope}`;
  const path = row.url.replace(':name', name) + q;
  const body =
    row.method === 'PUT' ? (row.url.endsWith('rotation') ? { enabled: false } : { value: 'v' }) : undefined;
  return { path, body, resource: `secrets/${target}` };
}

describe('authorisation matrix: resource rules (step 5)', () => {
  beforeAll(async () => putPolicy(STEP5));

  it.each(RESOURCE_ROWS.map((row) => [`${row.method} ${row.url}`, row] as const))(
    '%s',
    async (_route, row) => {
      const failures: string[] = [];
      const targets = row.resource?.kind === 'workflows' ? WORKFLOWS : SECRETS;
      let allowedSeen = 0;
      await Promise.all(
        [...PEOPLE, 'owner'].flatMap((who) =>
          targets.map(async (target) => {
            const c = resourceCall(row, target);
            const key = who === 'owner' ? emu.ownerKey : (keys.get(who) as string);
            const res = await send(row.method, c.path, key, c.body);
            const allow = oracleAllows(STEP5, who, row, c.resource);
            if (allow) allowedSeen++;
            if (allow ? [401, 403].includes(res.status) : res.status !== 403) {
              failures.push(
                `${who} ${c.resource}: want ${allow ? 'not 401/403' : 403}, got ${res.status} ${res.text.slice(0, 100)}`,
              );
            }
          }),
        ),
      );
      expect(failures).toEqual([]);
      expect(allowedSeen).toBeGreaterThan(0);
    },
  );

  it('lists leave out exactly what the role may not read', async () => {
    const failures: string[] = [];
    const visible = (who: string, resource: string) => {
      const role = oracleRole(STEP5, who);
      return oracleResourceRule(STEP5, role, 'read', resource) !== false;
    };
    const listRow = (url: string) => POLICIES.find((r) => r.method === 'GET' && r.url === url) as RoutePolicy;
    let listsSeen = 0;
    for (const who of [...PEOPLE, 'owner']) {
      const key = who === 'owner' ? emu.ownerKey : (keys.get(who) as string);
      const mayList = oracleRoleAllows(listRow('/api/v1/workflows'), oracleRole(STEP5, who));
      const res = await send('GET', '/api/v1/workflows', key);
      if (!mayList) {
        if (res.status !== 403) failures.push(`${who} may not list, got ${res.status}`);
        continue;
      }
      listsSeen++;
      const listed = (res.body as Array<{ name: string }>)
        .map((w) => w.name)
        .filter((n) => WORKFLOWS.includes(n));
      const want = WORKFLOWS.filter((n) => visible(who, `workflows/${n}`));
      if (JSON.stringify(listed) !== JSON.stringify(want))
        failures.push(`${who} workflows: ${listed} ≠ ${want}`);
      for (const env of ['production', null]) {
        const res = await send('GET', `/api/v1/secrets${env ? `?environment=${env}` : ''}`, key);
        const names = (res.body as { secrets: Array<{ name: string }> }).secrets.map((s) => s.name);
        const all = env ? ['API_ONE', 'DB_URL'] : ['TOKEN'];
        const wantS = all.filter((n) => visible(who, `secrets/${env ?? 'shared'}/${n}`));
        if (JSON.stringify(names.filter((n) => all.includes(n))) !== JSON.stringify(wantS))
          failures.push(`${who} secrets ${env}: ${names} ≠ ${wantS}`);
      }
    }
    expect(listsSeen).toBeGreaterThan(3);
    expect(failures).toEqual([]);
  });
});
