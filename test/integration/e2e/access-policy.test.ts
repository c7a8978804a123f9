// The access policy end to end over TLS, with the seed's example (docs/examples/fibonacci.yaml):
// custom roles execute only their workflows, a member cannot read secrets the "*" rule keeps for
// admins, the owner is never refused by a resource rule, and each refusal leaves one
// access.denied event naming the step and the rule. Spawns the built CLI (npm run build first).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { apiRequest } from '../../helpers/api-request.js';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { EXAMPLE_POLICY } from '../../helpers/example-policy.js';
import { REPO_ROOT } from '../../helpers/repo.js';
import { runCli } from '../../helpers/spawn-cli.js';

const example = parse(readFileSync(join(REPO_ROOT, 'docs/examples/fibonacci.yaml'), 'utf8')) as {
  access_control: unknown;
  security: { network: unknown };
};
// What `access apply` will send: access_control and security.network, as the API names them.
const seedPolicy = { access_control: example.access_control, network: example.security.network };

let emu: EmulatorHandle;
let policyPath = '';
const keys: Record<string, string> = {};
const ids: Record<string, string> = {};

async function deniedEvents(): Promise<
  Array<{ workflow_id: string | null; metadata: Record<string, unknown> }>
> {
  const res = await apiRequest(
    emu,
    'GET',
    '/api/v1/audit/events?event_type=access.denied&order=asc&limit=1000',
  );
  return (res.body as { events: Array<{ workflow_id: string | null; metadata: Record<string, unknown> }> })
    .events;
}

beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
  const me = await apiRequest(emu, 'GET', '/api/v1/auth/me');
  policyPath = `/api/v1/organizations/${(me.body as { organization_id: string }).organization_id}/access-policy`;
  for (const name of ['production/etl', 'development/x']) {
    const wf = await apiRequest(emu, 'POST', '/api/v1/workflows', { body: { name } });
    ids[name] = (wf.body as { id: string }).id;
  }
  await apiRequest(emu, 'PUT', '/api/v1/secrets/API_KEY', { body: { value: 'seed-value' } });
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

describe('the seed’s example policy', () => {
  it('is the API’s example, and is refused as it stands from 127.0.0.1 (409: it would lock the owner out)', async () => {
    expect(seedPolicy).toEqual(EXAMPLE_POLICY);
    const res = await apiRequest(emu, 'PUT', policyPath, { body: seedPolicy });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      detail:
        'this policy\'s network rules would block your own address 127.0.0.1 (network.ip_blocklist."0.0.0.0/0"): add it to ip_allowlist',
    });
    const after = await apiRequest(emu, 'GET', policyPath);
    expect(after.body).toMatchObject({ version: 0, access_control: { enabled: false } });
  });

  it('applies with this machine allowlisted; custom roles from add-user; each refusal is one event naming its rule', async () => {
    const network = {
      ...EXAMPLE_POLICY.network,
      ip_allowlist: [...EXAMPLE_POLICY.network.ip_allowlist, '127.0.0.1'],
    };
    const put = await apiRequest(emu, 'PUT', policyPath, { body: { ...seedPolicy, network } });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ version: 1, access_control: { enabled: true, default_role: 'viewer' } });
    for (const role of ['production-deployer', 'developer', 'member']) keys[role] = await emu.addUser(role);
    const before = (await deniedEvents()).length;

    const exec = (who: string, name: string) =>
      apiRequest(emu, 'POST', `/api/v1/workflows/${ids[name]}/execute`, {
        key: keys[who] ?? emu.ownerKey,
        body: {},
      });
    expect((await exec('production-deployer', 'production/etl')).status).toBe(200);
    const refused1 = await exec('production-deployer', 'development/x');
    expect(refused1.status).toBe(403);
    expect(refused1.body).toEqual({
      detail: `the organization's access policy does not allow role production-deployer to execute workflow ${ids['development/x']}`,
    });
    expect((await exec('developer', 'development/x')).status).toBe(200);
    expect((await exec('developer', 'production/etl')).status).toBe(403);
    const secret = await apiRequest(emu, 'GET', '/api/v1/secrets/API_KEY', { key: keys.member });
    expect(secret.status).toBe(403);
    // The owner is listed nowhere, and never refused by a resource rule.
    expect((await exec('owner', 'production/etl')).status).toBe(200);
    expect((await apiRequest(emu, 'GET', '/api/v1/secrets/API_KEY')).status).toBe(200);

    const events = (await deniedEvents()).slice(before);
    expect(
      events.map((e) => [e.workflow_id, e.metadata.role, e.metadata.step, e.metadata.decided_by]),
    ).toEqual([
      [
        'development/x',
        'production-deployer',
        'resource',
        'access_control.resources.workflows."development/*".execute',
      ],
      [
        'production/etl',
        'developer',
        'resource',
        'access_control.resources.workflows."production/*".execute',
      ],
      [null, 'member', 'resource', 'access_control.resources.secrets."*".read'],
    ]);
    expect(events[2]?.metadata.resource).toBe('secrets/shared/API_KEY');
    expect(JSON.stringify(events)).not.toContain('seed-value');
  });

  it('GET /environments counts only the secrets a resource rule lets the caller read', async () => {
    await apiRequest(emu, 'PUT', '/api/v1/secrets/DB_URL?environment=production', { body: { value: 'v' } });
    const owner = await apiRequest(emu, 'GET', '/api/v1/environments');
    expect(owner.body).toEqual({
      environments: [
        { name: 'production', secrets: 1 },
        { name: null, secrets: 1 },
      ],
    });
    // The "*" read rule keeps every secret for admins: a member's listings are empty, and so is
    // this, rather than telling which environments exist and how much each holds.
    const member = await apiRequest(emu, 'GET', '/api/v1/environments', { key: keys.member });
    expect([member.status, member.body]).toEqual([200, { environments: [{ name: null, secrets: 0 }] }]);
    const listed = await apiRequest(emu, 'GET', '/api/v1/secrets?environment=production', {
      key: keys.member,
    });
    expect(listed.body).toEqual({ secrets: [] });
  });

  it('access check answers what the request got, with the same rule', async () => {
    const check = (body: Record<string, string>, key?: string) =>
      apiRequest(emu, 'POST', `${policyPath}/check`, { body, ...(key ? { key } : {}) });
    const asDeployer = await check(
      { action: 'execute', resource: 'workflows/development/x' },
      keys['production-deployer'],
    );
    expect(asDeployer.body).toEqual({
      allowed: false,
      reason:
        'role production-deployer is not listed for execute in access_control.resources.workflows."development/*" (workflows/development/x)',
      decided_by: 'access_control.resources.workflows."development/*".execute',
      step: 'resource',
      role: 'production-deployer',
    });
    expect(
      (await check({ action: 'read', resource: 'secrets/shared/API_KEY', role: 'member' })).body,
    ).toMatchObject({
      allowed: false,
      decided_by: 'access_control.resources.secrets."*".read',
    });
    expect(
      (await check({ action: 'execute', resource: 'workflows/production/etl', role: 'owner' })).body,
    ).toMatchObject({
      allowed: true,
      reason: 'the owner is never refused by a resource rule',
    });
    // Asking for someone else is for admins and owners.
    const nosy = await check(
      { action: 'read', resource: 'secrets/shared/API_KEY', role: 'admin' },
      keys.developer,
    );
    expect(nosy).toMatchObject({
      status: 403,
      body: { detail: 'asking for another member or a role requires role admin or owner' },
    });
    const bad = await check({ action: 'execute', resource: 'secrets/shared/API_KEY' });
    expect(bad.status).toBe(422);
    expect(bad.body).toEqual({
      detail: [
        {
          loc: ['body', 'action'],
          msg: '"execute" is not an action on secrets: read, write, delete',
          type: 'value_error',
        },
      ],
    });
  });

  it('add-user refuses a role the policy does not have; a removed role falls back to default_role', async () => {
    const r = await runCli(['emulator', 'add-user', '--data-dir', emu.dataDir, '--role', 'tester']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'error: --role "tester" is neither a built-in role nor one of the access policy\nhint: roles: owner, admin, member, viewer, developer, production-deployer\n',
    );
    const current = (await apiRequest(emu, 'GET', policyPath)).body as Record<string, unknown> & {
      access_control: { roles: Array<{ name: string }> };
    };
    const { version: v, updated_at, updated_by, ...doc } = current;
    const version = v as number;
    doc.access_control.roles = doc.access_control.roles.filter((x) => x.name !== 'developer');
    const resources = (
      doc.access_control as unknown as {
        resources: { workflows: Record<string, Record<string, Array<{ role: string }>>> };
      }
    ).resources;
    for (const rules of Object.values(resources.workflows))
      for (const a of Object.keys(rules)) rules[a] = (rules[a] ?? []).filter((x) => x.role !== 'developer');
    const put = await apiRequest(emu, 'PUT', policyPath, {
      body: doc,
      headers: { 'if-match': `"${version}"` },
    });
    expect(put.status).toBe(200);
    const me = await apiRequest(emu, 'GET', '/api/v1/auth/me', { key: keys.developer });
    expect(me.body).toMatchObject({ role: 'viewer' });
    const exec = await apiRequest(emu, 'POST', `/api/v1/workflows/${ids['development/x']}/execute`, {
      key: keys.developer,
      body: {},
    });
    expect(exec).toMatchObject({ status: 403, body: { detail: 'requires role member, admin or owner' } });
    // A stale If-Match is refused whole.
    const stale = await apiRequest(emu, 'PUT', policyPath, {
      body: {},
      headers: { 'if-match': `${version}` },
    });
    expect(stale).toMatchObject({
      status: 412,
      body: { detail: `the policy changed meanwhile: version ${version + 1} is current, not ${version}` },
    });
    expect(updated_by).toMatch(/^user-/);
    expect(updated_at).toMatch(/Z$/);
  });
});
