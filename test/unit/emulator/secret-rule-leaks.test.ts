// What a role the access policy keeps from reading a secret may still learn of it, in process: the
// audit log's denials naming it (HX-8) and the write routes' answers (HX-1). Policy: ADMIN_* is
// readable by admins only, with no write rule (step 4 alone lets `developer`, read, write, execute, delete, write them).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createUser, defaultOrganization } from '../../../src/emulator/accounts.js';
import { apiRequest } from '../../helpers/api-request.js';
import { type InProcessEmulator, startInProcess } from '../../helpers/in-process-emulator.js';

let emu: InProcessEmulator;
const POLICY = {
  access_control: {
    enabled: true,
    roles: [{ name: 'developer', permissions: ['read', 'write', 'execute', 'delete'] }],
    resources: { secrets: { 'ADMIN_*': { read: [{ role: 'admin' }] } } },
  },
};

function keyOf(role: string, scopes: string[]): { key: string; userId: string } {
  const org = defaultOrganization(emu.store)!;
  const user = createUser(emu.store, { orgId: org.id, role, name: role });
  const { key } = createApiKey(emu.store, {
    orgId: org.id,
    userId: user.id,
    name: role,
    scopes,
    workflows: ['**'],
  });
  return { key, userId: user.id };
}

beforeAll(async () => {
  emu = await startInProcess();
  const org = defaultOrganization(emu.store)!;
  const put = await apiRequest(emu, 'PUT', `/api/v1/organizations/${org.id}/access-policy`, { body: POLICY });
  expect(put.status).toBe(200);
  for (const name of ['ADMIN_TOKEN', 'PLAIN'])
    expect((await apiRequest(emu, 'PUT', `/api/v1/secrets/${name}`, { body: { value: 'v-1' } })).status).toBe(
      201,
    );
});
afterAll(async () => emu?.close());

const denials = async (key?: string) =>
  (
    await apiRequest(
      emu,
      'GET',
      '/api/v1/audit/events?event_type=access.denied&limit=1000',
      key ? { key } : {},
    )
  ).text;

describe('the audit log of a reader the policy keeps from a secret', () => {
  it('leaves out the access.denied events naming that secret, as it leaves out its secret.* events', async () => {
    const member = keyOf('member', ['read']);
    const denied = await apiRequest(emu, 'GET', '/api/v1/secrets/ADMIN_TOKEN', { key: member.key });
    expect(denied.status).toBe(403);
    // A denial naming no secret stays visible to it.
    const own = await apiRequest(emu, 'DELETE', '/api/v1/api-keys/key_nope', { key: member.key });
    expect(own.status).toBe(403);
    expect(await denials()).toContain('secrets/shared/ADMIN_TOKEN');
    const seen = await denials(member.key);
    expect(seen).not.toContain('ADMIN_TOKEN');
    expect(seen).toContain('DELETE /api/v1/api-keys/:id');
    // An admin, whom the rule lets read it, sees the denial.
    expect(await denials(keyOf('admin', ['read']).key)).toContain('secrets/shared/ADMIN_TOKEN');
  });
});

describe('the write routes, to a role the policy keeps from reading a secret', () => {
  it('answer as a read would, for an existing secret and a missing one alike, and change nothing', async () => {
    const dev = keyOf('developer', ['read', 'write', 'delete']);
    const as = { key: dev.key };
    const refusal = (name: string) => ({
      status: 403,
      body: {
        detail: `the organization's access policy does not allow role developer to read secrets/shared/${name}`,
      },
    });
    for (const name of ['ADMIN_TOKEN', 'ADMIN_NOPE']) {
      const path = `/api/v1/secrets/${name}`;
      expect(await apiRequest(emu, 'GET', path, as)).toMatchObject(refusal(name));
      expect(
        await apiRequest(emu, 'PUT', `${path}/rotation`, { ...as, body: { enabled: false } }),
      ).toMatchObject(refusal(name));
      expect(await apiRequest(emu, 'PUT', path, { ...as, body: { value: 'v-2' } })).toMatchObject(
        refusal(name),
      );
      expect(await apiRequest(emu, 'DELETE', path, as)).toMatchObject(refusal(name));
    }
    const meta = await apiRequest(emu, 'GET', '/api/v1/secrets/ADMIN_TOKEN');
    expect(meta.body).toMatchObject({ version: 1, rotation: null });
    expect((await apiRequest(emu, 'GET', '/api/v1/secrets/ADMIN_NOPE')).status).toBe(404);
    // What the rules let it read, it writes as before.
    expect(
      (await apiRequest(emu, 'PUT', '/api/v1/secrets/PLAIN', { ...as, body: { value: 'v-2' } })).body,
    ).toMatchObject({ name: 'PLAIN', version: 2 });
    const rotation = { enabled: true, interval_days: 30 };
    expect(
      (await apiRequest(emu, 'PUT', '/api/v1/secrets/PLAIN/rotation', { ...as, body: rotation })).status,
    ).toBe(200);
    // access check answers what the request got.
    const org = defaultOrganization(emu.store)!;
    const check = await apiRequest(emu, 'POST', `/api/v1/organizations/${org.id}/access-policy/check`, {
      ...as,
      body: { action: 'write', resource: 'secrets/shared/ADMIN_TOKEN' },
    });
    expect(check.body).toMatchObject({
      allowed: false,
      step: 'resource',
      decided_by: 'access_control.resources.secrets."ADMIN_*".read',
    });
  });
});
