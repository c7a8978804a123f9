// `workflow run development/x --env prodution` by a developer the policy keeps from every secret
// (so from production's): the environments it lists leave production out, and it was told "no
// environment holds a secret yet", which is false (newcomer s14). The warning now says what this key
// sees, as secret list's does; the owner keeps the plain words. The built CLI, the real emulator.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;
let developer: Record<string, string>;
beforeAll(async () => {
  emu = await startEmulator();
  const dir = tempDir('fib-run-env-filtered-');
  const policy = join(dir, 'fibonacci.yaml');
  writeFileSync(
    policy,
    [
      'access_control:',
      '  enabled: true',
      '  roles:',
      '    - name: developer',
      '      permissions: [read, write, execute]',
      '  resources:',
      '    workflows:',
      '      "development/*":',
      '        execute: [{role: developer}, {role: admin}]',
      '    secrets:',
      '      "*":',
      '        read: [{role: admin}]',
      '',
    ].join('\n'),
  );
  const def = join(dir, 'wf.json');
  writeFileSync(
    def,
    JSON.stringify({ name: 'x', version: 1, nodes: [{ id: 'a', type: 'tool' }], edges: [] }),
  );
  for (const args of [
    ['secret', 'set', 'S1', '--env', 'production'],
    ['access', 'apply', policy, '--yes'],
    ['workflow', 'create', 'development/x', '--file', def],
  ]) {
    const r = await runCli(args, { env: emu.env, input: 'v' });
    expect(r.code, r.stderr).toBe(0);
  }
  const user = await runCli(
    ['emulator', 'add-user', '--data-dir', emu.dataDir, '--role', 'developer', '--plain'],
    {
      env: emu.env,
    },
  );
  expect(user.code, user.stderr).toBe(0);
  developer = { ...emu.env, FIBONACCI_API_KEY: user.stdout.trim() };
}, 120_000);
afterAll(stopAllEmulators);

describe('workflow run --env with a typo, by a key kept from production', () => {
  it('the warning claims only what this key sees', async () => {
    const r = await runCli(['workflow', 'run', 'development/x', '--env', 'prodution'], { env: developer });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      'warning: this key sees no environment prodution (lists leave out what a key may not read); it sees none\n',
    );
    expect(r.stderr).not.toContain('no environment holds a secret yet');
  });

  it('the owner is still refused with the near name', async () => {
    const r = await runCli(['workflow', 'run', 'development/x', '--env', 'prodution'], { env: emu.env });
    expect([r.code, r.stderr]).toEqual([
      12,
      'error: no environment prodution\nhint: did you mean production?\n',
    ]);
  });
});
