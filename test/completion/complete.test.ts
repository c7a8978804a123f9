// `fibonacci __complete KIND` against the real emulator: values one a line, a short cache, and
// nothing at all (fast, exit 0, no prompt) when offline or logged out.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, type EmulatorHandle, runCli, startEmulator } from '../helpers/emulator.js';

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator();
  for (const [name, env] of [
    ['DB_PASSWORD', ''],
    ['DB_USER', ''],
    ['PROD_TOKEN', 'production'],
  ] as const) {
    const r = await runCli(['secret', 'set', name, ...(env ? ['--env', env] : [])], {
      env: emu.env,
      input: 'v',
    });
    expect(r.code, r.stderr).toBe(0);
  }
});
afterAll(async () => {
  await emu?.stop();
});

describe('__complete', () => {
  it('prints secret names (per --env) and key ids, and caches them under $XDG_CACHE_HOME/fibonacci', async () => {
    const env = { ...cleanEnv(), ...emu.env };
    const r = await runCli(['__complete', 'secret'], { env });
    expect(r).toEqual({ code: 0, stdout: 'DB_PASSWORD\nDB_USER\n', stderr: '' });
    const prod = await runCli(['__complete', 'secret', '--env', 'production'], { env });
    expect(prod.stdout).toBe('PROD_TOKEN\n');
    const keys = await runCli(['__complete', 'key'], { env });
    expect(keys.stdout).toMatch(/^key_\w+\n$/);
    const cache = join(env.XDG_CACHE_HOME as string, 'fibonacci', 'completion');
    expect(readdirSync(cache)).toHaveLength(3);
  });

  it('offline: nothing, exit 0, ended by its own 1 s limit rather than the 30 s default', async () => {
    const env = { ...emu.env, FIBONACCI_BASE_URL: 'https://10.255.255.1:9' };
    const started = Date.now();
    const r = await runCli(['__complete', 'secret'], { env });
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('no key stored: nothing, and no prompt even on a terminal-less keychain', async () => {
    const r = await runCli(['__complete', 'secret'], {
      env: { FIBONACCI_BASE_URL: emu.url, FIBONACCI_CA_CERT: emu.caCertPath },
    });
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('an unknown kind: nothing, no cache written', async () => {
    const env = { ...cleanEnv(), ...emu.env };
    const r = await runCli(['__complete', 'passwords'], { env });
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(existsSync(join(env.XDG_CACHE_HOME as string, 'fibonacci'))).toBe(false);
  });

  it('is hidden from help', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('completion');
    expect(r.stdout).not.toContain('__complete');
  });
});
