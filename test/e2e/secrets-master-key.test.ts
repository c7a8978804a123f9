// The master key through the real `emulator start`: taken from FIBONACCI_EMULATOR_MASTER_KEY (no
// file written), a malformed one refuses the start, and a different key on restart shows in health.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startEmulator, tempDir } from '../helpers/emulator.js';

const KEY_A = 'a1'.repeat(32);
const KEY_B = 'b2'.repeat(32);

describe('FIBONACCI_EMULATOR_MASTER_KEY', () => {
  it('is used instead of a file; the wrong key after a restart makes health report the failure', async () => {
    const dataDir = join(tempDir(), 'data');
    const emu = await startEmulator({ dataDir, env: { FIBONACCI_EMULATOR_MASTER_KEY: KEY_A } });
    expect((await runCli(['secret', 'set', 'KEYED'], { env: emu.env, input: 'v' })).code).toBe(0);
    expect((await runCli(['secret', 'health'], { env: emu.env })).code).toBe(0);
    expect(existsSync(join(dataDir, 'master-key'))).toBe(false);
    await emu.stop();

    const wrong = await startEmulator({ dataDir, env: { FIBONACCI_EMULATOR_MASTER_KEY: KEY_B } });
    const env = { ...wrong.env, FIBONACCI_API_KEY: emu.ownerKey };
    const health = await runCli(['secret', 'health'], { env });
    expect(health.code).toBe(1);
    expect(health.stdout).toContain('get_secret    error: the probe secret failed authentication');
    const list = await runCli(['secret', 'list'], { env });
    expect(list.stdout).toMatch(/^KEYED\t/);
    await wrong.stop();
  });

  it('a malformed key refuses the start, naming the variable', async () => {
    const r = await runCli(['emulator', 'start', '--port', '0', '--data-dir', join(tempDir(), 'data')], {
      env: { FIBONACCI_EMULATOR_MASTER_KEY: 'too-short' },
    });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('FIBONACCI_EMULATOR_MASTER_KEY must be 64 hexadecimal characters');
    expect(r.stdout).not.toContain('listening');
  });
});
