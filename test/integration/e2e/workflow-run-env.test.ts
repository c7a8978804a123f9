// `workflow run NAME --env E` where E holds no secret (a typo: `prodution`): the run would resolve
// everything in the shared scope, a production override silently unused. A near name refuses it
// before the run (exit 12); with none near it runs, warned, as secret list and security check say.
// The built CLI, the real emulator.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator();
  const file = join(tempDir('fib-run-env-'), 'wf.json');
  writeFileSync(
    file,
    JSON.stringify({
      name: 'e',
      version: 1,
      nodes: [{ id: 'a', type: 'llm', prompt: '{{secrets.ENV_PROBE}}' }],
      edges: [],
    }),
  );
  for (const args of [
    ['workflow', 'create', 'test/run-env', '--file', file],
    ['secret', 'set', 'ENV_PROBE', '--env', 'production'],
    ['secret', 'set', 'ENV_PROBE'],
  ]) {
    const r = await runCli(args, { env: emu.env, input: 'v' });
    expect(r.code, r.stderr).toBe(0);
  }
});
afterAll(stopAllEmulators);

describe('workflow run --env names an environment', () => {
  it('a typo: refused with the near name, before any run', async () => {
    const r = await runCli(['workflow', 'run', 'test/run-env', '--env', 'prodution'], { env: emu.env });
    expect([r.code, r.stdout]).toEqual([12, '']);
    expect(r.stderr).toBe('error: no environment prodution\nhint: did you mean production?\n');
  });

  it('an environment with none near: a warning, then the run', async () => {
    const r = await runCli(['workflow', 'run', 'test/run-env', '--env', 'qa'], { env: emu.env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('warning: there is no environment qa (it exists once a secret is set in it)');
  });

  it('an environment that holds secrets: no warning', async () => {
    const r = await runCli(['workflow', 'run', 'test/run-env', '--env', 'production'], { env: emu.env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('warning:');
  });
});
