// The CLI half of the access policy, end to end over TLS with the seed's example policy
// (docs/examples/fibonacci.yaml): `access apply` refuses the lock-out plainly and applies a copy
// that allowlists this machine; the built CLI's `workflow run` is allowed or refused as the
// rules say, `access check` says the same before the request (and why), and each refusal
// leaves one access.denied event naming its rule. Spawns the built CLI (npm run build first).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest } from '../../helpers/api-request.js';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { REPO_ROOT } from '../../helpers/repo.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const EXAMPLE = join(REPO_ROOT, 'docs/examples/fibonacci.yaml');
const dir = tempDir('fib-access-cli-');
// The example as it stands blocks 127.0.0.1, where the emulator runs: the copy allowlists it.
const local = join(dir, 'fibonacci.yaml');
writeFileSync(
  local,
  readFileSync(EXAMPLE, 'utf8').replace(
    '      - 203.0.113.50\n',
    '      - 203.0.113.50\n      - 127.0.0.1\n',
  ),
);

let emu: EmulatorHandle;
const keys: Record<string, string> = {};
const as = (who: string) => ({
  env: who === 'owner' ? emu.env : { ...emu.env, FIBONACCI_API_KEY: keys[who] as string },
});

async function deniedEvents(): Promise<Array<{ metadata: Record<string, unknown> }>> {
  const r = await runCli(
    ['audit', 'logs', '--event-type', 'access.denied', '--limit', '1000', '--json'],
    as('owner'),
  );
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Array<{ metadata: Record<string, unknown> }>;
}

beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
  const def = join(dir, 'wf.json');
  writeFileSync(
    def,
    JSON.stringify({ name: 'etl', version: 1, nodes: [{ id: 'extract', type: 'tool' }], edges: [] }),
  );
  for (const name of ['production/etl', 'development/x']) {
    const r = await runCli(['workflow', 'create', name, '--file', def], as('owner'));
    expect(r.code, r.stderr).toBe(0);
  }
  await apiRequest(emu, 'PUT', '/api/v1/secrets/API_KEY', { body: { value: 'seed-value' } });
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

describe('access apply with the seed’s fibonacci.yaml', () => {
  it('as it stands: the lock-out is one plain error with the address and the fix; nothing changes', async () => {
    const r = await runCli(['access', 'apply', EXAMPLE, '--yes'], as('owner'));
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('+ security.network.ip_blocklist 0.0.0.0/0\n');
    expect(r.stderr).toMatch(
      /\nerror: this policy would lock you out: your address 127\.0\.0\.1 \(as the server sees it\) would be blocked by security\.network\.ip_blocklist\."0\.0\.0\.0\/0" \(request req_\w+\)\nhint: add 127\.0\.0\.1 to security\.network\.ip_allowlist\n$/,
    );
    const show = await runCli(['access', 'show', '--json'], as('owner'));
    expect(JSON.parse(show.stdout)).toMatchObject({ version: 0, access_control: { enabled: false } });
  });

  it('--dry-run of it fails as the apply would (the loopback address is known): exit 2, nothing sent', async () => {
    const r = await runCli(['access', 'apply', EXAMPLE, '--dry-run'], as('owner'));
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('+ security.network.ip_blocklist 0.0.0.0/0\n');
    expect(r.stderr).toMatch(
      /\nerror: this policy would lock you out: your address 127\.0\.0\.1 \(as the server would see it\) would be blocked by security\.network\.ip_blocklist\."0\.0\.0\.0\/0"\nhint: add 127\.0\.0\.1 to security\.network\.ip_allowlist; nothing was sent\n$/,
    );
    expect(r.stderr).not.toContain('Dry run: nothing was sent');
    const show = await runCli(['access', 'show', '--json'], as('owner'));
    expect(JSON.parse(show.stdout)).toMatchObject({ version: 0 });
  });

  it('with 127.0.0.1 allowlisted it applies; show prints YAML that applies back as no change', async () => {
    const dry = await runCli(['access', 'apply', local, '--dry-run'], as('owner'));
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toMatch(/Dry run: nothing was sent\n$/);
    expect((await apiRequest(emu, 'GET', '/api/v1/auth/me')).status).toBe(200);
    expect(
      emu.accessLog().filter((l) => l.method === 'PUT' && l.path.endsWith('/access-policy')),
    ).toHaveLength(1);

    const r = await runCli(['access', 'apply', local, '--yes'], as('owner'));
    expect(r.code, r.stderr).toBe(0);
    const shown = await runCli(['access', 'show'], as('owner'));
    expect(shown.stdout).toMatch(
      /^# version 1, set by user-\w+ at \S+Z\naccess_control:\n {2}enabled: true\n/,
    );
    const pasted = join(dir, 'shown.yaml');
    writeFileSync(pasted, shown.stdout);
    const again = await runCli(['access', 'apply', pasted], as('owner'));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/No changes: .* \(version 1\)\n$/);
  });
});

describe('the example policy decides, and access check explains it first', () => {
  beforeAll(async () => {
    for (const role of ['production-deployer', 'developer', 'member']) keys[role] = await emu.addUser(role);
  }, 60_000);

  // who, action, resource, the CLI command that does it, allowed?, the rule that decides
  const CASES = [
    [
      'production-deployer',
      'execute',
      'workflows/production/etl',
      true,
      'access_control.resources.workflows."production/*".execute',
    ],
    [
      'production-deployer',
      'execute',
      'workflows/development/x',
      false,
      'access_control.resources.workflows."development/*".execute',
    ],
    [
      'developer',
      'execute',
      'workflows/development/x',
      true,
      'access_control.resources.workflows."development/*".execute',
    ],
    [
      'developer',
      'execute',
      'workflows/production/etl',
      false,
      'access_control.resources.workflows."production/*".execute',
    ],
    ['member', 'read', 'secrets/shared/API_KEY', false, 'access_control.resources.secrets."*".read'],
    ['owner', 'execute', 'workflows/development/x', true, 'builtin_roles.owner'],
    ['owner', 'read', 'secrets/shared/API_KEY', true, 'builtin_roles.owner'],
  ] as const;

  it('each answer of access check is what the request then gets; each refusal is one event naming its rule', async () => {
    const before = (await deniedEvents()).length;
    for (const [who, action, resource, allowed, rule] of CASES) {
      const check = await runCli(['access', 'check', action, resource, '--json'], as(who));
      expect(check.code, `${who} ${action} ${resource}: ${check.stderr}`).toBe(allowed ? 0 : 11);
      expect(JSON.parse(check.stdout)).toMatchObject({ allowed, decided_by: rule, action, resource });

      const name = resource.replace(/^[a-z]+\/(shared\/)?/, '');
      const doIt = resource.startsWith('workflows/')
        ? await runCli(['workflow', 'run', name], as(who))
        : {
            code:
              (await apiRequest(emu, 'GET', `/api/v1/secrets/${name}`, { key: keys[who] ?? emu.ownerKey }))
                .status === 200
                ? 0
                : 5,
            stderr: '',
          };
      expect(doIt.code, `${who} ${action} ${resource}: ${doIt.stderr}`).toBe(allowed ? 0 : 5);
    }
    const events = (await deniedEvents()).slice(0, (await deniedEvents()).length - before);
    const refusals = CASES.filter((c) => !c[3]);
    expect(events.map((e) => [e.metadata.role, e.metadata.step, e.metadata.decided_by]).sort()).toEqual(
      refusals.map(([who, , , , rule]) => [who, 'resource', rule]).sort(),
    );
  }, 120_000);

  it('says yes and no in words, with the rule; --role and --user ask for others', async () => {
    const yes = await runCli(
      ['access', 'check', 'execute', 'workflows/production/etl'],
      as('production-deployer'),
    );
    expect(yes).toEqual({
      code: 0,
      stdout: 'yes — access_control.resources.workflows."production/*".execute lists production-deployer\n',
      stderr: '',
    });
    const no = await runCli(
      ['access', 'check', 'execute', 'workflows/production/etl', '--role', 'developer'],
      as('owner'),
    );
    expect(no).toEqual({
      code: 11,
      stdout: 'no — access_control.resources.workflows."production/*".execute does not list developer\n',
      stderr: '',
    });
    const members = JSON.parse((await runCli(['org', 'members', '--json'], as('owner'))).stdout) as Array<{
      user_id: string;
      role: string;
    }>;
    const member = members.find((m) => m.role === 'member')?.user_id as string;
    const byUser = await runCli(
      ['access', 'check', 'read', 'secrets/shared/API_KEY', '--user', member, '--json'],
      as('owner'),
    );
    expect(byUser.code).toBe(11);
    expect(JSON.parse(byUser.stdout)).toEqual({
      allowed: false,
      reason:
        'role member is not listed for read in access_control.resources.secrets."*" (secrets/shared/API_KEY)',
      decided_by: 'access_control.resources.secrets."*".read',
      step: 'resource',
      action: 'read',
      resource: 'secrets/shared/API_KEY',
      subject: { type: 'user', user_id: member, role: 'member' },
    });
    const nobody = await runCli(
      ['access', 'check', 'read', 'workflows/x', '--user', 'user-nobody'],
      as('owner'),
    );
    expect(nobody.code).toBe(12);
    expect(nobody.stderr).toMatch(
      /^error: no member user-nobody in organization org-\w+ \(request req_\w+\)\nhint: /,
    );
  });

  it('org members set-role gives a custom role; an unknown user is exit 12, an unknown role exit 2', async () => {
    const members = JSON.parse((await runCli(['org', 'members', '--json'], as('owner'))).stdout) as Array<{
      user_id: string;
      role: string;
    }>;
    const member = members.find((m) => m.role === 'member')?.user_id as string;
    const set = await runCli(['org', 'members', 'set-role', member, 'developer', '--json'], as('owner'));
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({ user_id: member, role: 'developer' });
    const run = await runCli(['workflow', 'run', 'development/x'], as('member'));
    expect(run.code, run.stderr).toBe(0);
    const gone = await runCli(['org', 'members', 'set-role', 'user-nobody', 'admin'], as('owner'));
    expect(gone.code).toBe(12);
    const unknown = await runCli(['org', 'members', 'set-role', member, 'ghost'], as('owner'));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /^error: role "ghost" is not defined.*\(request req_\w+\)\nhint: `fibonacci access show` lists the custom roles/,
    );
  });
});

describe('the secret rules reach runs and the audit log too (third hostile pass)', () => {
  it('a developer may not run a workflow that reads a secret the policy keeps from them: 403, an access.denied event, no run', async () => {
    await apiRequest(emu, 'PUT', '/api/v1/secrets/ONLY_PROD?environment=production', {
      body: { value: 'topsecretvalue-XYZ' },
    });
    const def = join(dir, 'probe.json');
    writeFileSync(
      def,
      JSON.stringify({
        name: 'probe',
        version: 1,
        nodes: [{ id: 'a', type: 'llm', prompt: '{{secrets.ONLY_PROD}}' }],
        edges: [],
      }),
    );
    const created = await runCli(['workflow', 'create', 'development/probe', '--file', def], as('developer'));
    expect(created.code, created.stderr).toBe(0);
    for (const environment of ['production', 'staging']) {
      const r = await runCli(['workflow', 'run', 'development/probe', '--env', environment], as('developer'));
      expect(r.code).toBe(5);
      expect(r.stdout).toBe('');
      // Refused the same way whether the secret exists there or not: no oracle of which exist.
      expect(r.stderr).toMatch(
        new RegExp(
          `^error: not allowed: the organization's access policy does not allow this key's role to read secrets/${environment}/ONLY_PROD, which development/probe references`,
        ),
      );
    }
    const denied = await deniedEvents();
    expect(denied.some((e) => e.metadata.resource === 'secrets/production/ONLY_PROD')).toBe(true);
    // The owner's run of the same workflow is not refused by a resource rule.
    const owner = await runCli(['workflow', 'run', 'development/probe', '--env', 'production'], as('owner'));
    expect(owner.code, owner.stderr).toBe(0);
  });

  it('the audit log leaves out the events of secrets the reader may not read, as secret list does', async () => {
    const events = async (who: string) => {
      const r = await runCli(
        ['audit', 'logs', '--event-type', 'secret.set', '--limit', '1000', '--json'],
        as(who),
      );
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as Array<{ metadata: { name?: string } }>;
    };
    expect((await events('owner')).map((e) => e.metadata.name)).toContain('ONLY_PROD');
    const deployer = await events('production-deployer');
    expect(deployer.map((e) => e.metadata.name)).not.toContain('ONLY_PROD');
    expect(deployer.map((e) => e.metadata.name)).not.toContain('API_KEY');
  });
});
