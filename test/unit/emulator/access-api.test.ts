// The access-policy and members routes in process (direct store access for fixtures and events):
// version 0 before any PUT, 422 listing every problem under `body` with nothing stored, If-Match
// and 412, an unchanged PUT storing nothing, and the member rules of docs/authorization.md.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { putPolicy, readPolicy } from '../../../src/emulator/access/policy-store.js';
import {
  createApiKey,
  createOrganization,
  createUser,
  defaultOrganization,
} from '../../../src/emulator/accounts.js';
import { internalAuthor } from '../../../src/emulator/store.js';
import { emptyPolicy } from '../../../src/lib/access-policy/schema.js';
import { apiRequest } from '../../helpers/api-request.js';
import { auditRows, type InProcessEmulator, startInProcess } from '../../helpers/in-process-emulator.js';

let emu: InProcessEmulator;
let orgId = '';
const base = () => `/api/v1/organizations/${orgId}`;
beforeEach(async () => {
  emu = await startInProcess();
  orgId = defaultOrganization(emu.store)!.id;
});
afterEach(async () => emu?.close());

function person(role: string, opts: { org?: string; superuser?: boolean; scopes?: string[] } = {}) {
  const user = createUser(emu.store, {
    orgId: opts.org ?? orgId,
    role,
    name: role,
    isSuperuser: opts.superuser,
  });
  const { key } = createApiKey(emu.store, {
    orgId: opts.org ?? orgId,
    userId: user.id,
    name: role,
    scopes: opts.scopes ?? ['admin'],
    workflows: ['**'],
  });
  return { id: user.id, key };
}
const events = (type: string) => auditRows(emu.store).filter((e) => e.event_type === type);
const DEV = {
  access_control: {
    enabled: false,
    roles: [
      { name: 'developer', permissions: ['read', 'write', 'execute'] },
      { name: 'ops', permissions: ['admin'] },
    ],
  },
};

describe('access policy routes', () => {
  it('answers version 0, rules off, before any policy, with its ETag', async () => {
    const res = await apiRequest(emu, 'GET', `${base()}/access-policy`);
    expect(res).toMatchObject({ status: 200, headers: { etag: '"0"' } });
    expect(res.body).toEqual({
      version: 0,
      updated_at: null,
      updated_by: null,
      access_control: {
        enabled: false,
        default_role: 'viewer',
        roles: [],
        resources: { workflows: {}, secrets: {} },
      },
      network: { ip_allowlist: [], ip_blocklist: [] },
    });
  });

  it('422 lists every problem with its loc under body, and stores nothing', async () => {
    const res = await apiRequest(emu, 'PUT', `${base()}/access-policy`, {
      body: {
        access_control: {
          enabled: true,
          roles: [{ name: 'viewer', permissions: ['read'] }],
          resources: { workflows: { 'production/*': { execute: [{ role: 'deployer' }], deploy: [] } } },
        },
        network: { ip_blocklist: ['10.0.0.0/40'] },
        version: 3,
      },
    });
    expect(res.status).toBe(422);
    expect((res.body as { detail: Array<{ loc: unknown[] }> }).detail.map((d) => d.loc)).toEqual([
      ['body', 'access_control', 'roles', 0, 'name'],
      ['body', 'access_control', 'resources', 'workflows', 'production/*', 'execute', 0, 'role'],
      ['body', 'access_control', 'resources', 'workflows', 'production/*', 'deploy'],
      ['body', 'network', 'ip_blocklist', 0],
      ['body', 'version'],
    ]);
    expect(
      ((await apiRequest(emu, 'GET', `${base()}/access-policy`)).body as { version: number }).version,
    ).toBe(0);
    expect(events('access.policy_changed')).toEqual([]);
    const notObject = await apiRequest(emu, 'PUT', `${base()}/access-policy`, { body: [] });
    expect(notObject).toMatchObject({
      status: 422,
      body: { detail: [{ loc: ['body'], msg: 'Expected object' }] },
    });
  });

  it('bounds the 422 of a hostile document: the first 1000 problems, then how many more', async () => {
    const bad = Array.from({ length: 100 }, (_, i) => ({ role: `ghost-${i}` }));
    const workflows = Object.fromEntries(
      Array.from({ length: 15 }, (_, i) => [`team-${i}/*`, { execute: bad }]),
    );
    const res = await apiRequest(emu, 'PUT', `${base()}/access-policy`, {
      body: { access_control: { enabled: true, resources: { workflows } } },
    });
    const detail = (res.body as { detail: Array<{ loc: unknown[]; msg: string }> }).detail;
    expect(res.status).toBe(422);
    expect(detail).toHaveLength(1001);
    expect(detail.at(-1)).toEqual({ loc: ['body'], msg: 'and 500 more problems', type: 'too_many_problems' });
  });

  it('versions each change with one event; an unchanged PUT stores nothing; If-Match refuses a lost update', async () => {
    const put = (body: unknown, headers: Record<string, string> = {}) =>
      apiRequest(emu, 'PUT', `${base()}/access-policy`, { body, headers });
    const first = await put(DEV, { 'if-match': '0' });
    expect(first).toMatchObject({
      status: 200,
      headers: { etag: '"1"' },
      body: { version: 1, updated_by: expect.stringMatching(/^user-/) },
    });
    expect((await put(DEV)).body).toMatchObject({ version: 1 });
    expect(events('access.policy_changed')).toHaveLength(1);
    expect(JSON.parse(events('access.policy_changed')[0]?.metadata as string)).toMatchObject({
      old_version: 0,
      new_version: 1,
      changes: { roles_added: ['developer', 'ops'], roles_removed: [] },
    });
    expect(await put({}, { 'if-match': '"0"' })).toMatchObject({
      status: 412,
      body: { detail: 'the policy changed meanwhile: version 1 is current, not 0' },
    });
    expect(await put({}, { 'if-match': 'yesterday' })).toMatchObject({ status: 400 });
    expect((await put({}, { 'if-match': 'W/"1"' })).body).toMatchObject({ version: 2 });
  });

  it('stores a version only with its event: when recording the event fails, nothing is stored', () => {
    const policy = { ...emptyPolicy(), network: { ip_allowlist: ['10.0.0.0/8'], ip_blocklist: [] } };
    const failing = () => {
      throw new Error('the audit log is full');
    };
    const author = internalAuthor('test');
    expect(() => putPolicy(emu.store, orgId, policy, { author, userId: 'user-x', event: failing })).toThrow(
      'the audit log is full',
    );
    expect(readPolicy(emu.store, orgId).version).toBe(0);
  });

  it('is read by admins and replaced only by owners', async () => {
    const admin = person('admin');
    expect((await apiRequest(emu, 'GET', `${base()}/access-policy`, { key: admin.key })).status).toBe(200);
    expect(
      await apiRequest(emu, 'PUT', `${base()}/access-policy`, { key: admin.key, body: {} }),
    ).toMatchObject({
      status: 403,
      body: { detail: 'requires role owner' },
    });
    expect(
      (await apiRequest(emu, 'GET', `${base()}/access-policy`, { key: person('member').key })).status,
    ).toBe(403);
  });
});

describe('access-policy/check', () => {
  const check = (key: string, body: object) =>
    apiRequest(emu, 'POST', `${base()}/access-policy/check`, { key, body });

  it('answers about another member or a role only to a key that may read the policy', async () => {
    const ci = person('owner', { scopes: ['execute'] });
    const other = person('member');
    const resource = 'secrets/shared/ADMIN_TOKEN';
    for (const who of [{ role: 'member' }, { user_id: other.id }]) {
      expect(await check(ci.key, { action: 'read', resource, ...who })).toMatchObject({
        status: 403,
        body: { detail: 'requires scope read' },
      });
    }
    // The same key asking for itself gets its own answer; a key with read asks for others.
    expect((await check(ci.key, { action: 'execute', resource: 'workflows/x' })).status).toBe(200);
    const reader = person('admin', { scopes: ['read'] });
    expect(await check(reader.key, { action: 'read', resource, user_id: other.id })).toMatchObject({
      status: 200,
      body: { role: 'member' },
    });
    const denied = events('access.denied').filter((e) => e.user_id === ci.id);
    expect(denied).toHaveLength(2);
  });
});

describe('members', () => {
  const patch = (userId: string, role: string, key?: string) =>
    apiRequest(emu, 'PATCH', `${base()}/members/${userId}`, { body: { role }, ...(key ? { key } : {}) });

  it('lists members with the role they are decided as; a removed custom role shows default_role', async () => {
    await apiRequest(emu, 'PUT', `${base()}/access-policy`, { body: DEV });
    const dev = person('developer');
    const list = async () =>
      (
        (await apiRequest(emu, 'GET', `${base()}/members`)).body as {
          members: Array<{ user_id: string; role: string }>;
        }
      ).members;
    expect((await list()).find((m) => m.user_id === dev.id)?.role).toBe('developer');
    await apiRequest(emu, 'PUT', `${base()}/access-policy`, {
      body: { access_control: { enabled: false, default_role: 'member' } },
    });
    expect((await list()).find((m) => m.user_id === dev.id)?.role).toBe('member');
    expect((await apiRequest(emu, 'GET', `${base()}/members`, { key: person('member').key })).status).toBe(
      403,
    );
  });

  it('owners assign any role; the change is recorded', async () => {
    await apiRequest(emu, 'PUT', `${base()}/access-policy`, { body: DEV });
    const m = person('member');
    expect(await patch(m.id, 'developer')).toMatchObject({
      status: 200,
      body: { user_id: m.id, role: 'developer' },
    });
    expect(JSON.parse(events('member.role_changed').at(-1)?.metadata as string)).toMatchObject({
      target_user_id: m.id,
      old_role: 'member',
      new_role: 'developer',
    });
    expect((await apiRequest(emu, 'GET', '/api/v1/auth/me', { key: m.key })).body).toMatchObject({
      role: 'developer',
    });
  });

  it('refuses your own role (403), an unknown role (422), and a member of another organization (404)', async () => {
    const me = (await apiRequest(emu, 'GET', '/api/v1/auth/me')).body as { user_id: string };
    expect(await patch(me.user_id, 'viewer')).toMatchObject({
      status: 403,
      body: { detail: 'nobody changes their own role' },
    });
    expect(events('access.denied').at(-1)).toMatchObject({
      action: 'PATCH /api/v1/organizations/:id/members/:user_id',
    });
    const m = person('member');
    expect(await patch(m.id, 'boss')).toMatchObject({
      status: 422,
      body: {
        detail: [
          {
            loc: ['body', 'role'],
            msg: 'role "boss" is not defined: a built-in role or a custom role of the access policy',
          },
        ],
      },
    });
    const other = createOrganization(emu.store, { name: 'other' });
    expect((await patch(person('member', { org: other.id }).id, 'viewer')).status).toBe(404);
  });

  it('admins assign only roles below admin, only to members below admin', async () => {
    await apiRequest(emu, 'PUT', `${base()}/access-policy`, { body: DEV });
    const admin = person('admin');
    const m = person('member');
    expect((await patch(m.id, 'developer', admin.key)).status).toBe(200);
    expect((await patch(m.id, 'viewer', admin.key)).status).toBe(200);
    const refusal = {
      status: 403,
      body: { detail: 'an admin may assign roles below admin only, to members below admin' },
    };
    expect(await patch(m.id, 'admin', admin.key)).toMatchObject(refusal);
    expect(await patch(m.id, 'ops', admin.key)).toMatchObject(refusal); // ops has the admin permission
    expect(await patch(person('admin').id, 'viewer', admin.key)).toMatchObject(refusal);
    const owner = (await apiRequest(emu, 'GET', '/api/v1/auth/me')).body as { user_id: string };
    expect(await patch(owner.user_id, 'viewer', admin.key)).toMatchObject(refusal);
    expect((await patch(m.id, 'viewer', person('member').key)).status).toBe(403); // the row: admin and up
  });

  it('never demotes the last owner (409); with two owners one may demote the other', async () => {
    const other = createOrganization(emu.store, { name: 'other' });
    const lone = person('owner', { org: other.id });
    const platform = person('owner', { superuser: true });
    const res = await apiRequest(emu, 'PATCH', `/api/v1/organizations/${other.id}/members/${lone.id}`, {
      key: platform.key,
      body: { role: 'admin' },
    });
    expect(res).toMatchObject({ status: 409, body: { detail: 'the last owner cannot be demoted' } });
    const second = person('owner');
    expect((await patch(second.id, 'admin')).status).toBe(200);
  });
});
