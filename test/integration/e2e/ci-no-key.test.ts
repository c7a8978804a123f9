// In CI (CI set) with no FIBONACCI_API_KEY and no stored key, the error tells a CI user the one
// remedy: set FIBONACCI_API_KEY. Before, it spoke of a Secret Service and a desktop session (no bus)
// or a login (with one) (hostile pass 14, H14b-14). Outside CI the wording is unchanged. The built
// CLI against the real emulator: nothing is sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;
let env: Record<string, string>;
beforeAll(async () => {
  emu = await startEmulator();
  const { FIBONACCI_API_KEY: _owner, ...rest } = emu.env;
  const home = tempDir('fib-ci-nokey-');
  // No session bus: a CI runner's usual state.
  env = { ...rest, HOME: home, XDG_CONFIG_HOME: home, DBUS_SESSION_BUS_ADDRESS: '', CI: 'true' };
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

describe('CI without FIBONACCI_API_KEY', () => {
  it.each([[['secret', 'list']], [['auth', 'status']], [['auth', 'token']]])(
    '%j: set FIBONACCI_API_KEY, exit 4, no request',
    async (args) => {
      const before = emu.accessLog().length;
      const r = await runCli(args, { env });
      expect([r.code, r.stdout, r.stderr]).toEqual([
        4,
        '',
        `error: FIBONACCI_API_KEY is not set, and no key is stored for ${new URL(emu.url).origin} here\n` +
          "hint: in CI, set FIBONACCI_API_KEY to an API key from your CI's secret store (no login is needed)\n",
      ]);
      expect(emu.accessLog().length).toBe(before);
    },
  );

  it('auth login: the keychain is missing, and in CI the variable is the way', async () => {
    const r = await runCli(['auth', 'login', '--with-token'], { env, input: 'fib_test_x_0123456789abcdef' });
    expect([r.code, r.stdout, r.stderr]).toEqual([
      3,
      '',
      'error: no Secret Service is running, so there is no system keychain to keep the key in\n' +
        "hint: in CI, set FIBONACCI_API_KEY to an API key from your CI's secret store instead of logging in; or run `fibonacci auth login --insecure-storage`\n",
    ]);
  });

  it('outside CI the keychain wording stays', async () => {
    const { CI: _ci, ...local } = env;
    const r = await runCli(['secret', 'list'], { env: local });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^error: no Secret Service is running/);
  });
});
