// `fibonacci __complete KIND` against the real emulator: values one a line, a short cache, and
// nothing at all (fast, exit 0, no prompt) when offline or logged out.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLeaf } from '../../helpers/certs.js';
import { cleanEnv } from '../../helpers/clean-env.js';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { startRecordingApi } from '../../helpers/recording-api.js';
import { runCli } from '../../helpers/spawn-cli.js';

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
    // Node's three entries, and the directory of the shell's copies (shell-cache.test.ts).
    expect(readdirSync(cache).filter((f) => f.endsWith('.json'))).toHaveLength(3);
    expect(readdirSync(join(cache, 'sh'))).toHaveLength(3);
  });

  it('offers the configured default environment, then those the server lists (GET /environments)', async () => {
    const env = { ...cleanEnv(), ...emu.env };
    const config = join(env.XDG_CONFIG_HOME as string, 'fibonacci');
    mkdirSync(config, { recursive: true });
    writeFileSync(join(config, 'config.json'), '{"default_environment": "staging"}');
    expect(await runCli(['__complete', 'env'], { env })).toEqual({
      code: 0,
      stdout: 'staging\nproduction\n',
      stderr: '',
    });
  });

  it('names cached for one origin or one key are never offered for another', async () => {
    const ca = {
      cert: readFileSync(emu.caCertPath, 'utf8'),
      key: readFileSync(join(emu.dataDir, 'ca-key.pem'), 'utf8'),
    };
    const other = await startRecordingApi(await makeLeaf(ca), []);
    try {
      const env = { ...cleanEnv(), ...emu.env };
      expect((await runCli(['__complete', 'secret'], { env })).stdout).toBe('DB_PASSWORD\nDB_USER\n');
      // Same key, same cache dir, another server (which refuses the key): nothing from A's cache.
      const elsewhere = await runCli(['__complete', 'secret'], {
        env: { ...env, FIBONACCI_BASE_URL: `https://127.0.0.1:${other.port}` },
      });
      expect(elsewhere).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(other.authorizations).toEqual([`Bearer ${emu.ownerKey}`]);
      // Same server, a key that may not list secrets: nothing from the owner's cache either.
      const created = await runCli(
        ['auth', 'create-key', '--name', 'no-secrets', '--scope', 'workflows:read', '--plain'],
        {
          env: emu.env,
        },
      );
      expect(created.code, created.stderr).toBe(0);
      const narrow = await runCli(['__complete', 'secret'], {
        env: { ...env, FIBONACCI_API_KEY: created.stdout.trim() },
      });
      expect(narrow).toEqual({ code: 0, stdout: '', stderr: '' });
    } finally {
      await other.close();
    }
  });

  it('a cache another user could have written is neither read nor written: the names come from the server', async () => {
    const env = { ...cleanEnv(), ...emu.env };
    expect((await runCli(['__complete', 'secret'], { env })).stdout).toBe('DB_PASSWORD\nDB_USER\n');
    const dir = join(env.XDG_CACHE_HOME as string, 'fibonacci', 'completion');
    const [file] = readdirSync(dir).filter((f) => f.endsWith('.json'));
    const path = join(dir, file as string);
    const planted = JSON.stringify({ at: Date.now(), values: ['PLANTED_EVIL'] });
    // A cache file others may write, then a directory others may write: both a miss.
    writeFileSync(path, planted);
    chmodSync(path, 0o666);
    expect((await runCli(['__complete', 'secret'], { env })).stdout).toBe('DB_PASSWORD\nDB_USER\n');
    writeFileSync(path, planted, { mode: 0o600 });
    chmodSync(path, 0o600);
    chmodSync(dir, 0o777);
    expect((await runCli(['__complete', 'secret'], { env })).stdout).toBe('DB_PASSWORD\nDB_USER\n');
    expect(readFileSync(path, 'utf8')).toBe(planted); // not rewritten there either
    chmodSync(dir, 0o700);
    expect((await runCli(['__complete', 'secret'], { env })).stdout).toBe('PLANTED_EVIL\n'); // trusted again: the user's own
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
    // (On Node 22+ the cache directory holds Node's compile cache too: the completion one is meant.)
    expect(existsSync(join(env.XDG_CACHE_HOME as string, 'fibonacci', 'completion'))).toBe(false);
  });

  it('is hidden from help', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('completion');
    expect(r.stdout).not.toContain('__complete');
  });
});
