// The directory of the plain-text key files, writable by others: refused with the remedy for a
// directory (`chmod 700 DIR`), not a file's `chmod 600`, and not called a key file (hostile pass 14,
// H14b-11). A key file others may read keeps `chmod 600`. config.json's directory case already says
// `chmod go-w DIR` (config-trust.test.ts). The built CLI, no keychain (no session bus).
import { chmodSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator();
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

describe('an unsafe place for the plain-text key', () => {
  it('a directory others may write: `chmod 700 DIR`; after it, the key is used', async () => {
    const home = tempDir('fib-insecure-dir-');
    const { FIBONACCI_API_KEY: owner = '', ...rest } = emu.env;
    const env = { ...rest, HOME: home, XDG_CONFIG_HOME: join(home, 'config'), DBUS_SESSION_BUS_ADDRESS: '' };
    const login = await runCli(['auth', 'login', '--insecure-storage', '--with-token'], {
      env,
      input: owner,
    });
    expect(login.code, login.stderr).toBe(0);
    const dir = join(home, 'config', 'fibonacci', 'insecure-api-keys');
    chmodSync(dir, 0o777);
    const r = await runCli(['auth', 'status'], { env });
    expect([r.code, r.stdout, r.stderr]).toEqual([
      3,
      '',
      `error: refusing the directory of the plain-text key files ${dir}: its mode 777 lets other users at it\n` +
        `hint: \`chmod 700 ${dir}\` if it is yours; otherwise remove it, then run \`fibonacci auth login --insecure-storage\` again\n`,
    ]);
    chmodSync(dir, 0o700);
    expect((await runCli(['auth', 'status'], { env })).code).toBe(0);

    const file = join(dir, readdirSync(dir)[0] as string);
    chmodSync(file, 0o644);
    const f = await runCli(['auth', 'status'], { env });
    expect([f.code, f.stderr]).toEqual([
      3,
      `error: refusing the plain-text key file ${file}: its mode 644 lets other users at it\n` +
        'hint: remove it, then run `fibonacci auth login --insecure-storage` again (or `chmod 600` it if it is yours)\n',
    ]);
  });
});
