// The real Secret Service: these run inside scripts/with-secret-service.sh (as CI does), which sets
// FIBONACCI_TEST_SECRET_SERVICE=1 and a private D-Bus session with an unlocked throw-away keyring.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, runCli, startEmulator } from '../helpers/emulator.js';

const inSession = process.env.FIBONACCI_TEST_SECRET_SERVICE === '1';
const reason = 'no private Secret Service session: run under scripts/with-secret-service.sh (CI does)';
if (!inSession) console.warn(`keychain e2e tests skipped: ${reason}`);

/** Debian's python3-keyring: the Python SDK's view of the same keychain entry. */
function python(code: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('/usr/bin/python3', ['-c', `import keyring\n${code}`], {
    encoding: 'utf8',
    env: process.env,
  });
  return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr };
}

const sessionEnv = (): Record<string, string> => ({
  DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS ?? '',
  XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '',
});

describe.skipIf(!inSession)('real Secret Service keychain', () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startEmulator();
    python(
      'keyring.delete_password("fibonacci-sdk", "api_key") if keyring.get_password("fibonacci-sdk", "api_key") else None',
    );
  });
  afterAll(async () => {
    await emu?.stop();
  });

  const conn = () => ({ FIBONACCI_BASE_URL: emu.url, FIBONACCI_CA_CERT: emu.caCertPath, ...sessionEnv() });

  it('login stores the key in the keychain, status reads it, logout removes it', async () => {
    const login = await runCli(['auth', 'login', '--with-token'], {
      env: conn(),
      input: `${emu.ownerKey}\n`,
    });
    expect(login.stderr).toBe('');
    expect(login.code).toBe(0);
    expect(python('print(keyring.get_password("fibonacci-sdk", "api_key"))').stdout).toBe(emu.ownerKey);

    const status = await runCli(['auth', 'status', '--json'], { env: conn() });
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ source: 'keychain', role: 'owner' });
    expect(status.stdout).not.toContain(emu.ownerKey);

    const logout = await runCli(['auth', 'logout'], { env: conn() });
    expect(logout.code).toBe(0);
    expect(python('print(keyring.get_password("fibonacci-sdk", "api_key"))').stdout).toBe('None');

    const after = await runCli(['auth', 'status'], { env: conn() });
    expect(after.code).toBe(4);
    expect(after.stderr).toBe(
      'error: not logged in\nhint: run `fibonacci auth login`, or set FIBONACCI_API_KEY\n',
    );
  });

  it('finds a key stored by the Python SDK (python3-keyring)', async () => {
    expect(python(`keyring.set_password("fibonacci-sdk", "api_key", "${emu.ownerKey}")`).status).toBe(0);
    const status = await runCli(['auth', 'status'], { env: conn() });
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('Source:     system keychain');
    expect(status.stdout).toContain('Role:       owner');
    python('keyring.delete_password("fibonacci-sdk", "api_key")');
  });
});

describe.skipIf(!inSession)('a locked Secret Service', () => {
  it('ends within 5 s with the remedy, never hangs', () => {
    // A keyring holding the key, then a second private bus whose daemon starts without --unlock:
    // reading the item needs an unlock prompt that cannot be shown (no display).
    const d = mkdtempSync(join(tmpdir(), 'fib-locked-'));
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: d,
      XDG_RUNTIME_DIR: d,
      XDG_DATA_HOME: join(d, 'data'),
      XDG_CONFIG_HOME: join(d, 'config'),
    };
    const waitForDaemon = `
      for _ in $(seq 1 100); do
        dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
          org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true" && break
        sleep 0.05
      done`;
    const store = spawnSync(
      'dbus-run-session',
      [
        '--',
        'bash',
        '-c',
        `printf %s pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
         ${waitForDaemon}
         /usr/bin/python3 -c 'import keyring; keyring.set_password("fibonacci-sdk", "api_key", "fib_test_locked_away_0123456789")'`,
      ],
      { encoding: 'utf8', timeout: 20_000, env },
    );
    expect(store.status, store.stderr).toBe(0);
    const r = spawnSync(
      'dbus-run-session',
      [
        '--',
        'bash',
        '-c',
        `gnome-keyring-daemon --start --components=secrets >/dev/null 2>&1
         ${waitForDaemon}
         start=$(date +%s%N)
         node bin/fibonacci.cjs auth status
         code=$?
         echo "exit=$code ms=$(( ($(date +%s%N) - start) / 1000000 ))" >&2`,
      ],
      { encoding: 'utf8', timeout: 20_000, env },
    );
    const m = r.stderr.match(/exit=(\d+) ms=(\d+)/);
    expect(m, r.stderr).not.toBeNull();
    expect(Number(m?.[1])).toBe(4);
    expect(Number(m?.[2])).toBeLessThan(5000);
    expect(r.stderr).toMatch(/^error: the system keychain is not available: .+$/m);
    expect(r.stderr).toContain(
      'hint: unlock the keychain (Secret Service), set FIBONACCI_API_KEY, or run `fibonacci auth login --insecure-storage`',
    );
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toContain('fib_test_locked_away');
  });
});
