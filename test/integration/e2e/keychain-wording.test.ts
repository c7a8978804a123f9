// With no Secret Service (newcomer pass 12, NC12-6): a command that only reads the key said there
// was "no system keychain to keep the key in"; `auth login` with FIBONACCI_API_KEY already set was
// told to "set FIBONACCI_API_KEY"; `completion install` in a throw-away session under /tmp said
// "✓ Installed" and nothing of the script going with the session. The built CLI, no session bus.
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;
let env: Record<string, string>;
beforeAll(async () => {
  emu = await startEmulator();
  const { FIBONACCI_API_KEY: _owner, CI: _ci, ...rest } = emu.env;
  const home = tempDir('fib-nokeychain-');
  env = {
    ...rest,
    HOME: home,
    XDG_CONFIG_HOME: home,
    XDG_DATA_HOME: join(home, 'data'),
    DBUS_SESSION_BUS_ADDRESS: '',
  };
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

describe('no Secret Service', () => {
  it('a read command: no keychain to read the key from', async () => {
    const r = await runCli(['secret', 'list'], { env });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(
      /^error: no Secret Service is running, so there is no system keychain to read the key from\n/,
    );
  });

  it("auth login: the keychain to keep the key in, exit 3 (this machine's setup, not a refused key)", async () => {
    const r = await runCli(['auth', 'login', '--with-token'], { env, input: 'fib_test_x_0123456789abcdef' });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /^error: no Secret Service is running, so there is no system keychain to keep the key in\n/,
    );
  });

  it('auth login with FIBONACCI_API_KEY set: it is already used, no login needed', async () => {
    const r = await runCli(['auth', 'login', '--with-token'], {
      env: { ...env, FIBONACCI_API_KEY: emu.env.FIBONACCI_API_KEY as string },
      input: 'fib_test_x_0123456789abcdef',
    });
    expect([r.code, r.stdout, r.stderr]).toEqual([
      3,
      '',
      'error: no Secret Service is running, so there is no system keychain to keep the key in\n' +
        'hint: FIBONACCI_API_KEY is set, and commands already use it without a login; to store a key anyway, run `fibonacci auth login --insecure-storage`\n',
    ]);
  });

  it('completion install under the temporary directory: warned that it will not last', async () => {
    const data = join(mkdtempSync(join(tempDir('fib-tmp-session-'), 'x')), 'data');
    const r = await runCli(['completion', 'install', 'bash'], { env: { ...env, XDG_DATA_HOME: data } });
    expect(r.code, r.stderr).toBe(0);
    const target = join(data, 'bash-completion', 'completions', 'fibonacci');
    expect(r.stdout).toBe(`${target}\n`);
    expect(r.stderr).toMatch(
      /^warning: .* is under the temporary directory .*: it will not survive a cleanup or reboot$/m,
    );
  });
});
