// The real Secret Service: these run inside scripts/with-secret-service.sh (as CI does), which sets
// FIBONACCI_TEST_SECRET_SERVICE=1 and a private D-Bus session with an unlocked throw-away keyring.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCa, makeLeaf } from '../../helpers/certs.js';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { type MitmProxy, startMitmProxy } from '../../helpers/mitm-proxy.js';
import { secretServiceSession } from '../../helpers/prerequisites.js';
import { type RecordingApi, startRecordingApi } from '../../helpers/recording-api.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const inSession = secretServiceSession();

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
    python(
      `u = "api_key@${new URL(emu.url).origin}"\nkeyring.delete_password("fibonacci-sdk", u) if keyring.get_password("fibonacci-sdk", u) else None`,
    );
  });
  afterAll(async () => {
    await emu?.stop();
  });

  const conn = () => ({ FIBONACCI_BASE_URL: emu.url, FIBONACCI_CA_CERT: emu.caCertPath, ...sessionEnv() });
  const account = () => `api_key@${new URL(emu.url).origin}`;
  const lookup = (user: string) => python(`print(keyring.get_password("fibonacci-sdk", "${user}"))`).stdout;

  it('login stores the key under api_key@<origin>, status reads it, logout removes it', async () => {
    const login = await runCli(['auth', 'login', '--with-token'], {
      env: conn(),
      input: `${emu.ownerKey}\n`,
    });
    expect(login.stderr).toBe('');
    expect(login.code).toBe(0);
    expect(lookup(account())).toBe(emu.ownerKey);
    expect(lookup('api_key')).toBe('None');

    const status = await runCli(['auth', 'status', '--json'], { env: conn() });
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      source: 'keychain',
      role: 'owner',
      origin: new URL(emu.url).origin,
      key_origin: new URL(emu.url).origin,
    });
    expect(status.stdout).not.toContain(emu.ownerKey);

    const logout = await runCli(['auth', 'logout'], { env: conn() });
    expect(logout.code).toBe(0);
    expect(lookup(account())).toBe('None');

    const after = await runCli(['auth', 'status'], { env: conn() });
    expect(after.code).toBe(4);
    expect(after.stderr).toMatch(/^error: not logged in for https:\/\/127\.0\.0\.1:\d+\nhint: /);
  });

  it('the default origin uses the Python SDK entry; a pre-origin emulator key there is not sent to the emulator', async () => {
    // Before keys were bound to origins, logging in to the emulator wrote the SDK's entry.
    expect(python(`keyring.set_password("fibonacci-sdk", "api_key", "${emu.ownerKey}")`).status).toBe(0);
    const token = await runCli(['auth', 'token'], { env: sessionEnv() });
    expect(token).toMatchObject({ code: 0, stdout: `${emu.ownerKey}\n` });

    const before = emu.accessLog().length;
    const status = await runCli(['auth', 'status'], { env: conn() });
    expect(status.code).toBe(4);
    // FIBONACCI_BASE_URL and FIBONACCI_CA_CERT are set: the login names no flag they already give.
    const login = 'fibonacci auth login';
    expect(status.stderr).toBe(
      `error: not logged in for ${emu.url}\nhint: run \`${login}\` (stored keys are used only for their own origin), or set FIBONACCI_API_KEY\n`,
    );
    expect(emu.accessLog().length).toBe(before);

    // The hint, run as printed in the same shell, is the whole remedy.
    const fixed = await runCli([...login.split(' ').slice(1), '--with-token'], {
      env: conn(),
      input: emu.ownerKey,
    });
    expect(fixed.code, fixed.stderr).toBe(0);
    const again = await runCli(['auth', 'status'], { env: conn() });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Source:     system keychain (key for ${emu.url})`);
    expect(lookup('api_key')).toBe(emu.ownerKey);
    python('keyring.delete_password("fibonacci-sdk", "api_key")');
    await runCli(['auth', 'logout'], { env: conn() });
  });
});

describe.skipIf(!inSession)('the default origin through a hostile network', () => {
  // api.fibonacci.today cannot be reached from a test: a CONNECT proxy (HTTPS_PROXY) takes the
  // connection to a stand-in with a certificate for that name from a CA the test trusts.
  const PROD_KEY = 'fib_test_defaultOriginKey_0123456789abcdef';
  let api: RecordingApi;
  let proxy: MitmProxy;
  let caPath: string;
  beforeAll(async () => {
    const ca = await makeCa();
    caPath = join(tempDir('fib-ca-'), 'ca.pem');
    writeFileSync(caPath, ca.cert);
    api = await startRecordingApi(await makeLeaf(ca, { hosts: ['api.fibonacci.today'] }), [PROD_KEY]);
    proxy = await startMitmProxy(api.port);
  });
  afterAll(async () => {
    await proxy?.close();
    await api?.close();
  });

  it('auth login with no --api-url writes the SDK entry (fibonacci-sdk / api_key), and only that', async () => {
    const env = { ...sessionEnv(), HTTPS_PROXY: `http://127.0.0.1:${proxy.port}`, FIBONACCI_CA_CERT: caPath };
    const login = await runCli(['auth', 'login', '--with-token'], { env, input: PROD_KEY });
    expect(login.code, login.stderr).toBe(0);
    expect(proxy.targets).toEqual(['api.fibonacci.today:443']);
    const tool = spawnSync('secret-tool', ['lookup', 'service', 'fibonacci-sdk', 'username', 'api_key'], {
      encoding: 'utf8',
    });
    expect(tool.stdout).toBe(PROD_KEY);
    expect(python('print(keyring.get_password("fibonacci-sdk", "api_key"))').stdout).toBe(PROD_KEY);

    // The same origin however it is spelled; and a login to it again says it replaces the key.
    const status = await runCli(
      ['auth', 'status', '--json', '--api-url', 'https://API.fibonacci.today:443/'],
      {
        env,
      },
    );
    expect(JSON.parse(status.stdout)).toMatchObject({
      origin: 'https://api.fibonacci.today',
      source: 'keychain',
    });
    const relogin = await runCli(['auth', 'login', '--with-token'], { env, input: PROD_KEY });
    expect(relogin.stderr).toBe(
      'note: this key was already stored for https://api.fibonacci.today in the system keychain\n',
    );
    expect(api.authorizations).toEqual([`Bearer ${PROD_KEY}`, `Bearer ${PROD_KEY}`, `Bearer ${PROD_KEY}`]);
    expect((await runCli(['auth', 'logout'], { env })).code).toBe(0);
    expect(python('print(keyring.get_password("fibonacci-sdk", "api_key"))').stdout).toBe('None');
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
    expect(r.stderr).toMatch(/^error: the system keychain is locked \(or has no default keyring yet\)$/m);
    expect(r.stderr).toContain(
      'hint: unlock it (log in to the desktop session, or `gnome-keyring-daemon --unlock`), set FIBONACCI_API_KEY, or run `fibonacci auth login --insecure-storage`',
    );
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toContain('fib_test_locked_away');
  });
});
