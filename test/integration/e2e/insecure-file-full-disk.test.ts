// `auth login --insecure-storage` on a full disk (a small tmpfs, filled): one error line naming the
// key file and the cause, exit 3, no temp file left, the key file written before unchanged and still
// used. Before, the user read `error: ENOSPC: no space left on device, write` and the hint for an
// unexpected error, exit 1 (hostile pass 14, H14b-12). Needs root (mount); CI runs as root.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { prerequisite } from '../../helpers/prerequisites.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator();
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

it('a full disk: exit 3, one error line, the previous key file intact and still used', async (ctx) => {
  const disk = join(tempDir('fib-full-'), 'small');
  mkdirSync(disk);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', disk], { stdio: 'pipe' });
  } catch (e) {
    prerequisite('a small tmpfs', false, `mount refused it (${String(e).split('\n')[0]}): run as root`);
    ctx.skip('cannot mount a small tmpfs here');
  }
  try {
    const { FIBONACCI_API_KEY: owner = '', ...rest } = emu.env;
    const env = {
      ...rest,
      HOME: disk,
      XDG_CONFIG_HOME: join(disk, 'config'),
      XDG_CACHE_HOME: join(disk, 'cache'),
    };
    const first = await runCli(['auth', 'login', '--insecure-storage', '--with-token'], {
      env,
      input: owner,
    });
    expect(first.code, first.stderr).toBe(0);
    const keys = join(disk, 'config', 'fibonacci', 'insecure-api-keys');
    const [name] = readdirSync(keys);
    const file = join(keys, name as string);
    const before = readFileSync(file);
    // Fill the disk to the last byte.
    try {
      writeFileSync(join(disk, 'fill'), Buffer.alloc(1024 * 1024));
    } catch {}

    const r = await runCli(['auth', 'login', '--insecure-storage', '--with-token'], { env, input: owner });
    expect([r.code, r.stdout, r.stderr]).toEqual([
      3,
      '',
      `error: cannot write the plain-text key file ${file}: no space left on device (ENOSPC); the key was not stored\n` +
        'hint: free some space on that disk, then run `fibonacci auth login --insecure-storage` again\n',
    ]);
    expect(r.stderr).not.toContain(owner);
    expect(readdirSync(keys)).toEqual([name]);
    expect(readFileSync(file).equals(before)).toBe(true);
    const status = await runCli(['auth', 'status', '--json'], { env });
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ source: 'file' });
    rmSync(join(disk, 'fill'));
  } finally {
    execFileSync('umount', [disk]);
  }
});
