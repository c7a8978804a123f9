// The e2e smoke suite against the single binary (dist/fibonacci-linux-x64, `npm run build:binary`),
// talking to the emulator started from the npm build. CI builds the binary before the tests.
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv } from '../../helpers/clean-env.js';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { prerequisite, secretServiceSession } from '../../helpers/prerequisites.js';
import { REPO_ROOT } from '../../helpers/repo.js';
import { runBin } from './run-bin.js';

const BINARY = join(REPO_ROOT, 'dist', 'fibonacci-linux-x64');
const built = prerequisite('dist/fibonacci-linux-x64', existsSync(BINARY), 'run `npm run build:binary`');
const inSession = secretServiceSession();
const version = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;

describe.skipIf(!built)('single binary', () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(async () => {
    await emu?.stop();
  });
  const conn = () => ({ FIBONACCI_BASE_URL: emu.url, FIBONACCI_CA_CERT: emu.caCertPath });

  it('--version, --help and completion work without Node', async () => {
    // No node on PATH for any of the three (the clean environment's PATH would have it).
    const noNode = { env: { PATH: '/nonexistent' } };
    expect(await runBin(BINARY, ['--version'], noNode)).toEqual({
      code: 0,
      stdout: `${version}\n`,
      stderr: '',
    });
    const help = await runBin(BINARY, ['--help'], noNode);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: fibonacci \[options\] \[command\]/);
    const bash = await runBin(BINARY, ['completion', 'bash'], noNode);
    expect(bash.stdout).toBe(readFileSync(join(REPO_ROOT, 'completions', 'fibonacci.bash'), 'utf8'));
  });

  it('`fibonacci emulator` says in one line that the npm package has it, exit 1', async () => {
    for (const args of [
      ['emulator', 'start'],
      ['emulator', 'add-user', '--role', 'viewer'],
    ]) {
      const r = await runBin(BINARY, args);
      expect(r).toEqual({
        code: 1,
        stdout: '',
        stderr:
          'error: the emulator is not in the single binary: it comes with the npm package fibonacci-cli (npm install -g fibonacci-cli)\n',
      });
    }
  });

  it('FIBONACCI_API_KEY: status against the emulator', async () => {
    const r = await runBin(BINARY, ['auth', 'status', '--json'], { env: emu.env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ source: 'environment', role: 'owner', api_url: emu.url });
  });

  it('secret set --env-file: Node never reads the file (a NODE_OPTIONS line in it ran code in the binary)', async () => {
    // Hostile pass s14, HX-2: Node reads `--env-file` anywhere in argv as its own option, the
    // binary's too, and applied the file's NODE_OPTIONS: its --require ran inside the CLI, with the
    // key in its environment. The binary now ends Node's options itself and takes no NODE_OPTIONS.
    const dir = mkdtempSync(join(tmpdir(), 'fib-sea-envfile-'));
    const ran = join(dir, 'RAN');
    writeFileSync(join(dir, 'evil.cjs'), `require('fs').writeFileSync(${JSON.stringify(ran)}, 'ran')\n`);
    const dotenv = join(dir, '.env');
    writeFileSync(dotenv, `SEA_ENVFILE_A=1\nNODE_OPTIONS=--require ${join(dir, 'evil.cjs')}\n`);
    const set = await runBin(BINARY, ['secret', 'set', '--env-file', dotenv, '--env', 'staging'], {
      env: emu.env,
    });
    expect(existsSync(ran)).toBe(false);
    expect(set.code, set.stderr).toBe(0);
    const listed = await runBin(BINARY, ['secret', 'list', '--env', 'staging'], { env: emu.env });
    // The file is data: each of its lines a secret, NODE_OPTIONS too.
    expect(listed.stdout).toMatch(/^NODE_OPTIONS\tstaging\t/m);
    expect(listed.stdout).toMatch(/^SEA_ENVFILE_A\tstaging\t/m);
    // A missing file is the CLI's own error (exit 2), not Node's "not found" (exit 9).
    const missing = await runBin(BINARY, ['secret', 'set', '--env-file', join(dir, 'none.env')], {
      env: emu.env,
    });
    expect([missing.code, missing.stderr]).toEqual([
      2,
      `error: cannot read --env-file ${join(dir, 'none.env')}: no such file\nhint: check the path\n`,
    ]);
    // Nor does NODE_OPTIONS from the environment reach the binary's runtime.
    const envOpts = await runBin(BINARY, ['--version'], {
      env: { NODE_OPTIONS: `--require ${join(dir, 'evil.cjs')}` },
    });
    expect(envOpts.code).toBe(0);
    expect(existsSync(ran)).toBe(false);
  });

  it('the insecure file: login, status, logout', async () => {
    const env = { ...cleanEnv(), ...conn() };
    const login = await runBin(BINARY, ['auth', 'login', '--with-token', '--insecure-storage'], {
      env,
      input: `${emu.ownerKey}\n`,
    });
    expect(login.code, login.stderr).toBe(0);
    const status = await runBin(BINARY, ['auth', 'status', '--json'], { env });
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ source: 'file', role: 'owner' });
    const logout = await runBin(BINARY, ['auth', 'logout'], { env });
    expect(logout.code, logout.stderr).toBe(0);
    const after = await runBin(BINARY, ['auth', 'token'], { env: { ...env, FIBONACCI_NO_INPUT: '1' } });
    expect(after.code).toBe(4);
  });

  it('on Linux the binary speaks D-Bus itself: the keychain addon is neither loaded nor written anywhere', async () => {
    // Since hostile pass 14 (H14b-13) every Linux keychain call goes over the CLI's own asynchronous
    // D-Bus client (src/lib/secret-service.ts): @napi-rs/keyring connected to the bus synchronously
    // and a bus that never answered hung every command. The addon stays in the binary for macOS and
    // Windows (src/lib/native.ts); on Linux nothing of it may reach a cache directory, shared (0777,
    // which another user could write) or the user's own.
    for (const mode of [0o777, 0o700]) {
      const cache = mkdtempSync(join(tmpdir(), 'fib-cache-'));
      chmodSync(cache, mode);
      const r = await runBin(BINARY, ['auth', 'status'], {
        env: { ...conn(), XDG_CACHE_HOME: cache, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' },
      });
      expect(r.code).toBe(4);
      expect(r.stderr).toMatch(/^error: no Secret Service is running, /);
      expect(r.stderr).not.toContain('could not be loaded');
      expect(readdirSync(cache)).toEqual([]);
    }
  });

  it.skipIf(!inSession)('the real Secret Service: login, status, logout', async () => {
    const env = {
      ...cleanEnv(),
      ...conn(),
      DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS ?? '',
      XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '',
    };
    const login = await runBin(BINARY, ['auth', 'login', '--with-token'], {
      env,
      input: `${emu.ownerKey}\n`,
    });
    expect(login.code, login.stderr).toBe(0);
    const status = await runBin(BINARY, ['auth', 'status', '--json'], { env });
    expect(JSON.parse(status.stdout)).toMatchObject({ source: 'keychain', role: 'owner' });
    expect((await runBin(BINARY, ['auth', 'logout'], { env })).code).toBe(0);
  });
});
