// A 403 about one workflow or secret names it as the user typed it and hints the exact
// `fibonacci access check` command that says why (newcomer pass 9, NC9-2): `workflow run NAME`
// used to be refused as "workflow wf_…" (the id the CLI resolved the name to) with only the
// `auth status` hint. The built CLI against the real emulator, over TLS.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest } from '../../helpers/api-request.js';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;
let def: string;
let stagingId: string;
const keys: Record<string, string> = {};
const as = (who: string) => ({ env: { ...emu.env, FIBONACCI_API_KEY: keys[who] as string } });
const REQ = '\\(request req_\\w+\\)';

beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
  keys.owner = emu.ownerKey;
  def = join(tempDir('fib-denial-hint-'), 'wf.json');
  writeFileSync(
    def,
    JSON.stringify({ name: 'wf', version: 1, nodes: [{ id: 'a', type: 'tool' }], edges: [] }),
  );
  for (const name of ['production/etl', 'staging/etl']) {
    const made = await runCli(['workflow', 'create', name, '--file', def], as('owner'));
    expect(made.code, made.stderr).toBe(0);
    if (name === 'staging/etl') stagingId = made.stdout.trim();
  }
  const me = await apiRequest(emu, 'GET', '/api/v1/auth/me');
  const org = (me.body as { organization_id: string }).organization_id;
  // Members may read (and so list) staging/*, but only admins may execute there.
  const put = await apiRequest(emu, 'PUT', `/api/v1/organizations/${org}/access-policy`, {
    body: {
      access_control: {
        enabled: true,
        default_role: 'viewer',
        roles: [],
        resources: {
          workflows: { 'staging/*': { execute: [{ role: 'admin' }] } },
          secrets: { 'envf/B_*': { write: [{ role: 'owner' }], delete: [{ role: 'owner' }] } },
        },
      },
      network: { ip_allowlist: [], ip_blocklist: [] },
    },
  });
  expect(put.status).toBe(200);
  keys.member = await emu.addUser('member');
  keys.admin = await emu.addUser('admin');
  const b2 = await runCli(['secret', 'set', 'B_2', '--env', 'envf'], { ...as('owner'), input: 'v' });
  expect(b2.code, b2.stderr).toBe(0);
  const scoped = await runCli(
    [
      'auth',
      'create-key',
      '--name',
      'prod',
      '--scope',
      'read',
      '--scope',
      'execute',
      '--workflows',
      'production/*',
      '--json',
    ],
    as('owner'),
  );
  expect(scoped.code, scoped.stderr).toBe(0);
  keys.scoped = (JSON.parse(scoped.stdout) as { key: string }).key;
}, 120_000);

afterAll(stopAllEmulators);

describe('a 403 names what was typed and the access check to run', () => {
  it('workflow run NAME refused by a resource rule names NAME, not the id it was resolved to', async () => {
    const r = await runCli(['workflow', 'run', 'staging/etl'], as('member'));
    expect(r.code).toBe(5);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      new RegExp(
        `^error: not allowed: the organization's access policy does not allow role member to execute workflow staging/etl ${REQ}\n` +
          'hint: `fibonacci access check execute workflows/staging/etl` says whether this key may, and which rule decides\n$',
      ),
    );
    expect(r.stderr).not.toContain(stagingId);
    // The hinted command runs as written and names the rule.
    const check = await runCli(['access', 'check', 'execute', 'workflows/staging/etl'], as('member'));
    expect(check.code).toBe(11);
    expect(check.stdout).toContain('access_control.resources.workflows."staging/*".execute');
  });

  it('a key whose patterns do not match: run and create hint the check of that workflow', async () => {
    const run = await runCli(['workflow', 'run', 'staging/etl'], as('scoped'));
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(
      new RegExp(
        `^error: not allowed: API key is not allowed to access workflow staging/etl ${REQ}\n` +
          'hint: `fibonacci access check execute workflows/staging/etl` says whether this key may, and which rule decides\n$',
      ),
    );
    const create = await runCli(['workflow', 'create', 'staging/new', '--file', def], as('scoped'));
    expect(create.code).toBe(5);
    expect(create.stderr).toMatch(
      /\nhint: `fibonacci access check write workflows\/staging\/new` says whether this key may, and which rule decides\n$/,
    );
    const check = await runCli(['access', 'check', 'execute', 'workflows/staging/etl'], as('scoped'));
    expect(check.code).toBe(11);
    expect(check.stdout).toContain('api_key.workflows');
  });

  it('a secret refused by role hints the check of that secret in its scope', async () => {
    const r = await runCli(['secret', 'set', 'FOO', '--env', 'production'], { ...as('member'), input: 'v' });
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(
      /\nhint: `fibonacci access check write secrets\/production\/FOO` says whether this key may, and which rule decides\n$/,
    );
    expect(r.stderr).not.toContain('\nhint: `fibonacci auth status`');
  });

  // Hostile pass 15, H15-5: the server's refusal names the secret, and the hint said `access check
  // read …` (which answers yes) for a refused write, delete or rotation.
  it('a secret write, rotation and delete refused by a resource rule hint the check of that action', async () => {
    const hint = (action: string) =>
      `\nhint: \`fibonacci access check ${action} secrets/envf/B_2\` says whether this key may, and which rule decides\n`;
    const set = await runCli(['secret', 'set', 'B_2', '--env', 'envf'], { ...as('admin'), input: 'v2' });
    expect(set.code).toBe(5);
    expect(set.stderr).toContain(hint('write'));
    const rotation = await runCli(
      ['secret', 'rotation', 'B_2', '--env', 'envf', '--every', '30d'],
      as('admin'),
    );
    expect(rotation.code).toBe(5);
    expect(rotation.stderr).toContain(hint('write'));
    const del = await runCli(['secret', 'delete', 'B_2', '--env', 'envf', '--yes'], as('admin'));
    expect(del.code).toBe(5);
    expect(del.stderr).toContain(hint('delete'));
    // The hinted check agrees: the admin may read it and not write it.
    expect((await runCli(['access', 'check', 'read', 'secrets/envf/B_2'], as('admin'))).code).toBe(0);
    expect((await runCli(['access', 'check', 'write', 'secrets/envf/B_2'], as('admin'))).code).toBe(11);
  });

  it('an id as typed keeps its words and the general hint (access check takes names)', async () => {
    const r = await runCli(['workflow', 'run', stagingId], as('member'));
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(
      new RegExp(
        `^error: not allowed: the organization's access policy does not allow role member to execute workflow ${stagingId} ${REQ}\n` +
          'hint: `fibonacci auth status` shows the role and scopes of the key in use\n$',
      ),
    );
  });
});
