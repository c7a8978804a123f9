// The real Secret Service (inside scripts/with-secret-service.sh, as CI runs it) shared by the CLI
// and the Python SDK (Debian's python3-keyring). Python's keyring replaces only an item with exactly
// its attributes (`application`, `service`, `username`); the CLI used to write `{service, username}`,
// so the SDK's next write added a second item and every CLI read failed with "Entry is matched by 2
// credentials". Now the CLI writes the SDK's item: one item whoever writes, each reads the other's
// key, and duplicates an older version left are read (newest wins), merged by a login and removed by
// a logout. And `auth login --insecure-storage` removes the keychain key that would shadow it.
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { REPO_ROOT } from '../../helpers/repo.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const inSession = process.env.FIBONACCI_TEST_SECRET_SERVICE === '1';
if (!inSession) console.warn('keychain duplicate tests skipped: run under scripts/with-secret-service.sh');

const SERVICE = 'fibonacci-sdk';
const sessionEnv = (): Record<string, string> => ({
  DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS ?? '',
  XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '',
});

/** Debian's python3-keyring: what the Python SDK reads and writes. */
function python(code: string): string {
  const r = spawnSync('/usr/bin/python3', ['-c', `import keyring\n${code}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python: ${r.stderr}`);
  return r.stdout.trim();
}
const sdkSet = (account: string, key: string) =>
  python(
    `keyring.set_password(${JSON.stringify(SERVICE)}, ${JSON.stringify(account)}, ${JSON.stringify(key)})`,
  );
const sdkGet = (account: string) =>
  python(`print(keyring.get_password(${JSON.stringify(SERVICE)}, ${JSON.stringify(account)}))`);

/** An item as the CLI wrote it before (@napi-rs/keyring's own attributes: service and username only). */
function oldCliSet(account: string, key: string): void {
  const code = `new (require('@napi-rs/keyring').Entry)(${JSON.stringify(SERVICE)}, ${JSON.stringify(account)}, { linux: { store: 'secret-service' } }).setPassword(${JSON.stringify(key)})`;
  const r = spawnSync(process.execPath, ['-e', code], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`napi: ${r.stderr}`);
}

/** The Secret Service's items of the entry, as `secret-tool` lists them: their secrets. */
function items(account: string): string[] {
  const r = spawnSync('secret-tool', ['search', '--all', 'service', SERVICE, 'username', account], {
    encoding: 'utf8',
  });
  return [...`${r.stdout}\n${r.stderr}`.matchAll(/^secret = (.*)$/gm)].map((m) => m[1] as string);
}

describe.skipIf(!inSession)('keychain entries shared with the Python SDK (real Secret Service)', () => {
  let emu: EmulatorHandle;
  let viewer: string;
  let account: string;
  let env: () => Record<string, string>;
  beforeAll(async () => {
    emu = await startEmulator();
    viewer = await emu.addUser('viewer');
    account = `api_key@${new URL(emu.url).origin}`;
    const config = tempDir('fib-cfg-');
    env = () => ({
      FIBONACCI_BASE_URL: emu.url,
      FIBONACCI_CA_CERT: emu.caCertPath,
      XDG_CONFIG_HOME: config,
      ...sessionEnv(),
    });
  });
  afterAll(async () => {
    await emu?.stop();
  });
  beforeEach(async () => {
    await runCli(['auth', 'logout'], { env: env() });
    python(
      `while keyring.get_password("${SERVICE}", "${account}"):\n  keyring.delete_password("${SERVICE}", "${account}")`,
    );
  });

  const login = (key: string, flags: string[] = []) =>
    runCli(['auth', 'login', '--with-token', ...flags], { env: env(), input: key });
  const role = async () => {
    const r = await runCli(['auth', 'status', '--json'], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as { role: string; source: string }).role;
  };

  it("the SDK's write after the CLI's replaces it: one item, each reads the other's key", async () => {
    expect((await login(emu.ownerKey)).code).toBe(0);
    expect(sdkGet(account)).toBe(emu.ownerKey);
    sdkSet(account, viewer);
    expect(items(account)).toEqual([viewer]);
    expect(await role()).toBe('viewer');
    const again = await login(emu.ownerKey);
    expect(again.code, again.stderr).toBe(0);
    expect(items(account)).toEqual([emu.ownerKey]);
    expect(sdkGet(account)).toBe(emu.ownerKey);
    expect(await role()).toBe('owner');
  });

  it('duplicates an older version left: read (the newest wins), merged by login, removed by logout', async () => {
    oldCliSet(account, 'fib_test_staleKeyFromAnOlderCli_0123456789');
    await sleep(1100); // the Secret Service records modification times in seconds
    sdkSet(account, viewer);
    expect(items(account).sort()).toEqual(['fib_test_staleKeyFromAnOlderCli_0123456789', viewer].sort());

    const token = await runCli(['auth', 'token'], { env: env() });
    expect(token).toEqual({ code: 0, stdout: `${viewer}\n`, stderr: '' });
    expect(await role()).toBe('viewer');

    const merged = await login(emu.ownerKey);
    expect(merged.code, merged.stderr).toBe(0);
    expect(items(account)).toEqual([emu.ownerKey]);
    expect(sdkGet(account)).toBe(emu.ownerKey);

    oldCliSet(`${account}`, emu.ownerKey); // the one item is updated in place: still one
    expect(items(account)).toEqual([emu.ownerKey]);
    sdkSet(account, viewer);
    expect(items(account)).toEqual([viewer]);

    // Two again (an older CLI's item beside the SDK's), then logout removes both.
    python(`keyring.delete_password("${SERVICE}", "${account}")`);
    oldCliSet(account, emu.ownerKey);
    sdkSet(account, viewer);
    expect(items(account)).toHaveLength(2);
    const logout = await runCli(['auth', 'logout'], { env: env() });
    expect(logout.code, logout.stderr).toBe(0);
    expect(items(account)).toEqual([]);
    expect(sdkGet(account)).toBe('None');
  });

  it('login --insecure-storage removes the keychain key that would have shadowed it', async () => {
    expect((await login(emu.ownerKey)).code).toBe(0);
    const r = await login(viewer, ['--insecure-storage']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`note: removed the key stored for ${new URL(emu.url).origin} (fib_tes…`);
    expect(items(account)).toEqual([]);
    const status = await runCli(['auth', 'status', '--json'], { env: env() });
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ source: 'file', role: 'viewer' });
  });
});
