// What a role the access policy keeps from reading a secret may still learn of it, in process: the
// audit log's denials naming it (HX-8) and the write routes' answers (HX-1). Policy: ADMIN_* is
// readable by admins only; `developer` (read, write, execute) may write secrets but not read those.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createUser, defaultOrganization } from '../../../src/emulator/accounts.js';
import { apiRequest } from '../../helpers/api-request.js';
import { type InProcessEmulator, startInProcess } from '../../helpers/in-process-emulator.js';

let emu: InProcessEmulator;
const POLICY = {
  access_control: {
    enabled: true,
    roles: [{ name: 'developer', permissions: ['read', 'write', 'execute'] }],
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
