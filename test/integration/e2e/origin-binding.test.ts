// A stored key reaches only its own origin. Emulator A and server B (a stand-in API that logs the
// Authorization header of every request) run side by side; B's certificate comes from A's CA, so
// the CLI trusts both with one --ca-cert. Logged in to A, every command against B says "not logged
// in for B" and B sees no key; logging in to B stores B's key beside A's, never over it. Once with
// the real Secret Service (scripts/with-secret-service.sh), once with the plain-text file.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InsecureFileStore } from '../../../src/lib/insecure-file.js';
import { makeLeaf } from '../../helpers/certs.js';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { secretServiceSession } from '../../helpers/prerequisites.js';
import { type RecordingApi, startRecordingApi } from '../../helpers/recording-api.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const inSession = secretServiceSession();
const B_KEY = 'fib_test_serverB_ownKey_0123456789abcdef';
const B_KEY2 = 'fib_test_serverB_newKey_0123456789abcdef';

let emu: EmulatorHandle;
let b: RecordingApi;
let bUrl: string;
beforeAll(async () => {
  emu = await startEmulator();
  const ca = {
    cert: readFileSync(emu.caCertPath, 'utf8'),
    key: readFileSync(join(emu.dataDir, 'ca-key.pem'), 'utf8'),
  };
  b = await startRecordingApi(await makeLeaf(ca, { hosts: ['127.0.0.1', 'localhost'] }), [B_KEY, B_KEY2]);
  bUrl = `https://127.0.0.1:${b.port}`;
});
afterAll(async () => {
  await b?.close();
  await emu?.stop();
});

/** The environment of one user: own HOME and config, the real session bus when there is one. */
function user(): Record<string, string> {
  const home = tempDir('fib-home-');
  return {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    FIBONACCI_CA_CERT: emu.caCertPath,
    DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS ?? '',
    XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '',
  };
}

async function scenario(storage: string[], env: Record<string, string>): Promise<void> {
  const at = (url: string) => ({ ...env, FIBONACCI_BASE_URL: url });
  const login = await runCli(['auth', 'login', '--with-token', ...storage], {
    env: at(emu.url),
    input: emu.ownerKey,
  });
  expect(login.code, login.stderr).toBe(0);
  expect(login.stderr).not.toContain('replaced');

  // Every command that would send the key, against B: refused before any request.
  // The URL and the CA come from the environment: the login to run names neither again.
  const hint =
    'hint: run `fibonacci auth login` (stored keys are used only for their own origin), or set FIBONACCI_API_KEY\n';
  for (const argv of [
    ['auth', 'status'],
    ['secret', 'list'],
    ['auth', 'token'],
    ['audit', 'logs'],
  ]) {
    const r = await runCli(argv, { env: at(bUrl) });
    expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr.replace(/^warning: using the key stored in plain text in \S+\n/, '')).toBe(
      `error: not logged in for ${bUrl}\n${hint}`,
    );
  }
  const completion = await runCli(['__complete', 'secret'], { env: at(bUrl) });
  expect(completion).toEqual({ code: 0, stdout: '', stderr: '' });
  expect(b.authorizations).toEqual([]);

  // Logging in to B stores B's key for B; A keeps its own.
  const loginB = await runCli(['auth', 'login', '--with-token', ...storage], { env: at(bUrl), input: B_KEY });
  expect(loginB.code, loginB.stderr).toBe(0);
  expect(loginB.stderr).not.toContain('replaced');
  const statusA = await runCli(['auth', 'status', '--json'], { env: at(emu.url) });
  expect(statusA.code, statusA.stderr).toBe(0);
  expect(JSON.parse(statusA.stdout)).toMatchObject({ role: 'owner', key_origin: emu.url });
  const statusB = await runCli(['auth', 'status', '--json'], { env: at(bUrl) });
  expect(JSON.parse(statusB.stdout)).toMatchObject({ role: 'viewer', key_origin: bUrl, origin: bUrl });

  // Logging in to B again says it replaces B's key, and only B's.
  const again = await runCli(['auth', 'login', '--with-token', ...storage], { env: at(bUrl), input: B_KEY2 });
  expect(again.code, again.stderr).toBe(0);
  expect(again.stderr).toContain(`note: replaced the key stored for ${bUrl} (fib_tes…def) in `);
  expect((await runCli(['auth', 'token'], { env: at(emu.url) })).stdout).toBe(`${emu.ownerKey}\n`);
  expect((await runCli(['auth', 'token'], { env: at(bUrl) })).stdout).toBe(`${B_KEY2}\n`);

  // Logout of B leaves A logged in; a second logout is a no-op, exit 0.
  expect((await runCli(['auth', 'logout'], { env: at(bUrl) })).code).toBe(0);
  const twice = await runCli(['auth', 'logout'], { env: at(bUrl) });
  expect(twice).toMatchObject({
    code: 0,
    stderr: `note: no key was stored for ${bUrl}; nothing to remove\n`,
  });
  expect((await runCli(['auth', 'token'], { env: at(emu.url) })).stdout).toBe(`${emu.ownerKey}\n`);
  await runCli(['auth', 'logout'], { env: at(emu.url) });

  // B saw B's keys and nothing else: never A's.
  // login, status, login again: three requests, each with one of B's own keys.
  expect(b.authorizations).toHaveLength(3);
  for (const h of b.authorizations) expect([`Bearer ${B_KEY}`, `Bearer ${B_KEY2}`]).toContain(h);
  b.authorizations.length = 0;
}

describe('a key stored for emulator A never reaches server B', () => {
  it('control: FIBONACCI_API_KEY goes wherever --api-url says, and B logs it', async () => {
    b.authorizations.length = 0;
    const r = await runCli(['auth', 'status'], {
      env: { ...user(), FIBONACCI_BASE_URL: bUrl, FIBONACCI_API_KEY: emu.ownerKey },
    });
    expect(r.code).toBe(4);
    expect(b.authorizations).toEqual([`Bearer ${emu.ownerKey}`]);
    b.authorizations.length = 0;
  });

  it.skipIf(!inSession)('with the real Secret Service', async () => {
    await scenario([], user());
  });

  it('with the plain-text file (one 0600 file per origin)', async () => {
    const env = user();
    const files = new InsecureFileStore(join(env.XDG_CONFIG_HOME as string, 'fibonacci'));
    const login = await runCli(['auth', 'login', '--with-token', '--insecure-storage'], {
      env: { ...env, FIBONACCI_BASE_URL: emu.url },
      input: emu.ownerKey,
    });
    expect(login.code).toBe(0);
    expect(statSync(files.pathFor(emu.url)).mode & 0o777).toBe(0o600);
    await runCli(['auth', 'logout'], { env: { ...env, FIBONACCI_BASE_URL: emu.url } });
    await scenario(['--insecure-storage'], env);
  });

  it('no Secret Service at all, keys in plain text: another origin is "not logged in", not "start a keychain" (newcomer s14 NC-31)', async () => {
    const env = { ...user(), DBUS_SESSION_BUS_ADDRESS: '', XDG_RUNTIME_DIR: '' };
    const login = await runCli(['auth', 'login', '--with-token', '--insecure-storage'], {
      env: { ...env, FIBONACCI_BASE_URL: emu.url },
      input: emu.ownerKey,
    });
    expect(login.code, login.stderr).toBe(0);
    const other = await runCli(['secret', 'list'], { env: { ...env, FIBONACCI_BASE_URL: bUrl } });
    expect([other.code, other.stdout, other.stderr]).toEqual([
      4,
      '',
      `error: not logged in for ${bUrl}\nhint: run \`fibonacci auth login\` (stored keys are used only for their own origin), or set FIBONACCI_API_KEY\n`,
    ]);
    const logout = await runCli(['auth', 'logout'], { env: { ...env, FIBONACCI_BASE_URL: bUrl } });
    expect([logout.code, logout.stderr]).toEqual([
      0,
      `note: no key was stored for ${bUrl}; nothing to remove\n`,
    ]);
    // With no plain-text keys either, the missing Secret Service is what the user must hear.
    const fresh = { ...user(), DBUS_SESSION_BUS_ADDRESS: '', XDG_RUNTIME_DIR: '' };
    const none = await runCli(['secret', 'list'], { env: { ...fresh, FIBONACCI_BASE_URL: bUrl } });
    expect([none.code, none.stderr.split('\n')[0]]).toEqual([
      4,
      'error: no Secret Service is running, so there is no system keychain to read the key from',
    ]);
  });
});
