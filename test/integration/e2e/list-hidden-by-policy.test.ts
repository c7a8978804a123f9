// A list leaves out what the caller may not read (the access policy's resource rules). A viewer
// kept from production's 5 secrets was told "No secrets in any scope" and "there is no environment
// production …; no environment holds a secret yet": false facts (newcomer pass 12, NC12-1). The
// words now claim only what the key may see, with the command that says why; the owner, whom no
// resource rule refuses, keeps the plain words. The built CLI, the real emulator, a terminal.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../../helpers/emulator.js';
import { HAVE_PTY, pty } from '../../helpers/pty.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;
let viewer: Record<string, string>;
beforeAll(async () => {
  emu = await startEmulator();
  for (const name of ['S1', 'S2', 'S3', 'S4', 'S5']) {
    const r = await runCli(['secret', 'set', name, '--env', 'production'], { env: emu.env, input: 'v' });
    expect(r.code, r.stderr).toBe(0);
  }
  const file = join(tempDir(), 'fibonacci.yaml');
  writeFileSync(
    file,
    'access_control:\n  enabled: true\n  resources:\n    secrets:\n      "*":\n        read: [{role: admin}]\n    workflows:\n      "**":\n        read: [{role: admin}]\n',
  );
  const applied = await runCli(['access', 'apply', file, '--yes'], { env: emu.env });
  expect(applied.code, applied.stderr).toBe(0);
  const def = join(tempDir(), 'wf.json');
  writeFileSync(
    def,
    JSON.stringify({ name: 'wf', version: 1, nodes: [{ id: 'a', type: 'tool' }], edges: [] }),
  );
  const made = await runCli(['workflow', 'create', 'production/etl', '--file', def], { env: emu.env });
  expect(made.code, made.stderr).toBe(0);
  const user = await runCli(
    ['emulator', 'add-user', '--data-dir', emu.dataDir, '--role', 'viewer', '--plain'],
    {
      env: emu.env,
    },
  );
  expect(user.code, user.stderr).toBe(0);
  viewer = { ...emu.env, FIBONACCI_API_KEY: user.stdout.trim() };
}, 120_000);
afterAll(stopAllEmulators);

describe.skipIf(!HAVE_PTY)('an empty list to a key the policy keeps things from', () => {
  it('secret list --all: nothing this key may read, and how to ask why', async () => {
    const r = await pty(['secret', 'list', '--all', '--no-color'], viewer);
    expect([r.code, r.screen]).toEqual([
      0,
      'No secrets this key may read in any scope\nhint: `fibonacci access check read secrets/ENV/NAME` says why a secret is not listed\n',
    ]);
  });

  it('secret list --env production: no claim that production does not exist', async () => {
    const r = await pty(['secret', 'list', '--env', 'production', '--no-color'], viewer);
    expect(r.code, r.screen).toBe(0);
    expect(r.screen).toBe(
      'warning: this key sees no environment production (lists leave out what a key may not read); it sees none\n' +
        'No secrets this key may read in production\n' +
        'hint: `fibonacci access check read secrets/production/NAME` says why a secret is not listed\n',
    );
  });

  it('workflow list: nothing this key may see', async () => {
    const r = await pty(['workflow', 'list', '--no-color'], viewer);
    expect([r.code, r.screen]).toEqual([
      0,
      'No workflows this key may see\nhint: `fibonacci access check read workflows/NAME` says why a workflow is not listed\n',
    ]);
  });

  it('the owner keeps the plain words', async () => {
    const r = await pty(['secret', 'list', '--env', 'staging', '--no-color'], emu.env);
    expect(r.screen).toBe(
      'warning: there is no environment staging (it exists once a secret is set in it); environments: production\nNo secrets in staging\n',
    );
  });
});
