// A terminal that reports 0 columns (`stty cols 0`: a serial console, some CI ptys) is laid out as
// 80 wide (hostile pass 14, H14b-7): the table was all "…", `--help` from the bundle unwrapped, and
// the help printed without the bundle wrapped at 80. Each is now what an 80-column terminal shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { HAVE_PTY, pty } from '../../helpers/pty.js';
import { runCli } from '../../helpers/spawn-cli.js';

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
  for (const name of ['ZERO_COLUMNS_ONE', 'ZERO_COLUMNS_TWO']) {
    const r = await runCli(['secret', 'set', name], { env: emu.env, input: 'v' });
    expect(r.code, r.stderr).toBe(0);
  }
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

describe.skipIf(!HAVE_PTY)('a terminal of 0 columns is 80 wide', () => {
  it.each([
    [['secret', 'list']],
    [['secret', 'list', '--help']],
    [['secret', 'set', '--help']],
    [['help', 'exit-codes']],
    [['security', 'check', '--list-rules']],
  ])(
    '%j shows what 80 columns show',
    async (args) => {
      const zero = await pty(args, emu.env, { cols: 0 });
      const eighty = await pty(args, emu.env, { cols: 80 });
      expect(zero.code).toBe(0);
      // Relative times may tick between the two runs: compare without them.
      const same = (s: string) => s.replace(/\d+ (second|minute)s? ago|just now/g, 'T');
      expect(same(zero.screen)).toBe(same(eighty.screen));
      expect(zero.screen).not.toMatch(/^…$/m);
      for (const line of zero.screen.replace(/\u001b\[[0-9;]*m/g, '').split('\n')) {
        expect([...line].length, line).toBeLessThanOrEqual(80);
      }
    },
    60_000,
  );
});
