// `workflow run --env E` with a key that may not list environments (an execute-only CI key) cannot
// tell a typo of an existing environment: the run goes ahead unchecked. A terminal is told so in
// one line before the run, as `secret set --env` tells it (SILENTENV: it said nothing of the check);
// a pipe is not. By id too: `workflow run wf_… --env prodution` now has its typo refused like a
// name's (it skipped the check). The built CLI, the real emulator, a real pty.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../../helpers/emulator.js';
import { HAVE_PTY, pty } from '../../helpers/pty.js';
import { makeTree } from '../../helpers/security-check.js';
import { runCli } from '../../helpers/spawn-cli.js';

const NOT_CHECKED =
  'note: not checked whether --env productoin is a typo of an existing environment: this key may not list environments';
let emu: EmulatorHandle;
let execOnly: Record<string, string>;
let id: string;
beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
  const file = join(makeTree({ 'wf.yaml': 'name: x\nversion: 1\nnodes: []\nedges: []\n' }), 'wf.yaml');
  const made = await runCli(['workflow', 'create', 't/env', '--file', file], { env: emu.env });
  expect(made.code, made.stderr).toBe(0);
  id = made.stdout.trim();
  const set = await runCli(['secret', 'set', 'P', '--env', 'production'], { env: emu.env, input: 'v' });
  expect(set.code, set.stderr).toBe(0);
  const key = await runCli(
    ['auth', 'create-key', '--name', 'ci-run', '--scope', 'workflows:execute', '--plain'],
    {
      env: emu.env,
    },
  );
  expect(key.code, key.stderr).toBe(0);
  execOnly = { ...emu.env, FIBONACCI_API_KEY: key.stdout.trim() };
}, 90_000);
afterAll(stopAllEmulators);

describe('workflow run --env, the typo check skipped', () => {
  it.skipIf(!HAVE_PTY)('at a terminal: one note line before the run, for a name and an id', async () => {
    for (const ref of ['t/env', id]) {
      const r = await pty(['workflow', 'run', ref, '--env', 'productoin', '--no-color'], execOnly);
      expect(r.code, r.screen).toBe(0);
      expect(r.screen.split('\n').filter((l) => l === NOT_CHECKED)).toHaveLength(1);
      expect(r.screen.indexOf(NOT_CHECKED)).toBeLessThan(r.screen.indexOf('Run:'));
    }
  });

  it('in a pipe: no note', async () => {
    const r = await runCli(['workflow', 'run', 't/env', '--env', 'productoin'], { env: execOnly });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('Not checked');
  });

  it('an environment the key may check: no note, an id refused like a name', async () => {
    const ok = await runCli(['workflow', 'run', 't/env', '--env', 'production'], { env: emu.env });
    expect([ok.code, ok.stderr]).toEqual([0, '']);
    const byId = await runCli(['workflow', 'run', id, '--env', 'productoin'], { env: emu.env });
    expect([byId.code, byId.stdout, byId.stderr]).toEqual([
      12,
      '',
      'error: no environment productoin\nhint: did you mean production?\n',
    ]);
  });
});
