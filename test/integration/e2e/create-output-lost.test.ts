// A command that changed something on the server and then could not write its output
// (`> /dev/full`) exits 1 saying the change WAS made and only its output was lost, so the user does
// not run it again and make it twice (hostile pass 14, H14a-16: `workflow create … >/dev/full`
// said only "what was not written is lost"). The built CLI against the emulator.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../../helpers/emulator.js';
import { makeTree } from '../../helpers/security-check.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { runWithStdio } from '../../helpers/spawn-stdio.js';

const WF = 'name: x\nversion: 1\nnodes: []\nedges: []\n';
let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
}, 90_000);
afterAll(stopAllEmulators);

const listed = async () =>
  JSON.parse((await runCli(['workflow', 'list', '--json'], { env: emu.env })).stdout) as Array<{
    id: string;
    name: string;
  }>;

describe('stdout fails after the change', () => {
  it.each([[[]], [['--json']]])(
    'workflow create %j > /dev/full: exit 1, "was created", listed once',
    async (extra) => {
      const file = join(makeTree({ 'wf.yaml': WF }), 'wf.yaml');
      const name = `test/lost-${extra.length}`;
      const r = await runWithStdio(['workflow', 'create', name, '--file', file, ...extra], {
        env: emu.env,
        stdout: '/dev/full',
      });
      const made = (await listed()).filter((w) => w.name === name);
      expect(made.length).toBe(1);
      expect(r).toEqual({
        code: 1,
        stderr:
          `error: the workflow ${name} was created (${made[0]?.id}), but its output was lost: cannot write to standard output: no space left on device (ENOSPC)\n` +
          'hint: `fibonacci workflow list` shows it; do not create it again\n',
      });
    },
  );

  it('workflow run > /dev/full: exit 1, "was started"', async () => {
    const file = join(makeTree({ 'wf.yaml': WF }), 'wf.yaml');
    expect(
      (await runCli(['workflow', 'create', 'test/lost-run', '--file', file], { env: emu.env })).code,
    ).toBe(0);
    const r = await runWithStdio(['workflow', 'run', 'test/lost-run'], { env: emu.env, stdout: '/dev/full' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: run run_[0-9a-f]+ was started, but its output was lost: cannot write to standard output: no space left on device \(ENOSPC\)\nhint: running the command again starts another run; `fibonacci audit logs` shows this one\n$/,
    );
  });

  it('secret set and secret delete > /dev/full: exit 1, "was set", "was deleted"', async () => {
    const value = join(makeTree({ v: 'v4lue-Xyz-1' }), 'v');
    const set = await runWithStdio(['secret', 'set', 'LOST_OUTPUT', '--from-file', value], {
      env: emu.env,
      stdout: '/dev/full',
    });
    expect(set).toEqual({
      code: 1,
      stderr:
        'error: secret LOST_OUTPUT was set (shared, version 1), but its output was lost: cannot write to standard output: no space left on device (ENOSPC)\n' +
        'hint: it is stored: `fibonacci secret list` shows it\n',
    });
    const del = await runWithStdio(['secret', 'delete', 'LOST_OUTPUT', '--yes'], {
      env: emu.env,
      stdout: '/dev/full',
    });
    expect(del).toEqual({
      code: 1,
      stderr:
        'error: secret LOST_OUTPUT was deleted (shared), but its output was lost: cannot write to standard output: no space left on device (ENOSPC)\n' +
        'hint: it is gone: `fibonacci secret list` shows what is left\n',
    });
  });
});
