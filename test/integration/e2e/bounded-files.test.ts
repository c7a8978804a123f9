// Every file the CLI finds or is pointed at is read at most to its limit: PEM files (--ca-cert,
// --client-cert, --client-key), config.json, the plain-text key files, the completion cache, the
// emulator's --env-file and its master key. /dev/zero (or a 1 GiB sparse file where only a regular
// file is accepted) is one error line naming the limit, never a read until memory runs out. Each run
// is the built CLI under a memory cap and a timeout, so a regression fails here instead of taking the
// machine's memory. The cap is `prlimit --data` (1 GB of writable memory; before the fix a read of
// /dev/zero dies there with bad_alloc), not `--as`: undici's WebAssembly HTTP parser reserves ~10 GB
// of address space, so any address-space cap that stops a runaway read also stops every request.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cachePath } from '../../../src/lib/completion/names-cache.js';
import { InsecureFileStore } from '../../../src/lib/insecure-file.js';
import { cleanEnv } from '../../helpers/clean-env.js';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../../helpers/emulator.js';
import { CLI_BIN } from '../../helpers/repo.js';
import { type CliResult, runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const DATA_LIMIT = 1_000_000_000;
const KEY = 'fib_test_boundedFilesTestKey0123456789abcdef';

/** The built CLI under a memory cap and a timeout, with `env` over a clean environment. */
function capped(args: string[], env: Record<string, string>, timeoutMs = 20_000): Promise<CliResult> {
  const child = spawn('prlimit', [`--data=${DATA_LIMIT}`, '--', process.execPath, '--', CLI_BIN, ...args], {
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`fibonacci ${args.join(' ')} did not end in ${timeoutMs} ms\nstderr: ${stderr}`));
    }, timeoutMs);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? -1 : 0), stdout, stderr });
    });
  });
}

/** A 1 GiB file that takes no disk space (a hole): a regular file, 0600, far over every limit. */
function sparseFile(path: string): string {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, '', { mode: 0o600 });
  truncateSync(path, 1024 ** 3);
  return path;
}

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(stopAllEmulators);

const offline = { FIBONACCI_API_KEY: KEY, FIBONACCI_BASE_URL: 'https://127.0.0.1:9' };

describe('bounded reads of files (e2e, under a memory cap)', () => {
  it('--ca-cert, --client-cert and --client-key of 1 GiB: exit 3 naming the 4 MiB limit, nothing sent', async () => {
    const small = join(tempDir(), 'cert.pem');
    writeFileSync(small, '-----BEGIN CERTIFICATE-----\n');
    const big = sparseFile(join(tempDir(), 'big.pem'));
    const cases: Array<[string, string[]]> = [
      ['--ca-cert', ['--ca-cert', big]],
      ['--client-cert', ['--client-cert', big, '--client-key', small]],
      ['--client-key', ['--client-cert', small, '--client-key', big]],
    ];
    for (const [flag, args] of cases) {
      const r = await capped(['secret', 'list', ...args], offline);
      expect(r).toEqual({
        code: 3,
        stdout: '',
        stderr:
          `error: ${flag} file ${big} is larger than 4 MiB, the most a PEM file may be\n` +
          `hint: check the path given to ${flag}\n`,
      });
    }
    // The environment's way to name one is read the same way.
    const env = await capped(['secret', 'list'], { ...offline, FIBONACCI_CA_CERT: big });
    expect(env.code).toBe(3);
    expect(env.stderr.split('\n')[0]).toBe(
      `error: FIBONACCI_CA_CERT file ${big} is larger than 4 MiB, the most a PEM file may be`,
    );
  });

  it('--ca-cert /dev/zero (or a FIFO): refused before any read as not a regular file, exit 3', async () => {
    const r = await capped(['secret', 'list', '--ca-cert', '/dev/zero'], offline);
    expect(r).toEqual({
      code: 3,
      stdout: '',
      stderr:
        'error: refusing the --ca-cert file /dev/zero: it is not a regular file\n' +
        'hint: give --ca-cert a regular file of your own\n',
    });
  });

  it('config.json that is /dev/zero: refused before any read (not a regular file), exit 3', async () => {
    const config = join(tempDir('fib-cfg-'), 'config');
    mkdirSync(join(config, 'fibonacci'), { recursive: true, mode: 0o700 });
    const file = join(config, 'fibonacci', 'config.json');
    symlinkSync('/dev/zero', file);
    const r = await capped(['auth', 'status'], { ...offline, XDG_CONFIG_HOME: config });
    expect(r).toEqual({
      code: 3,
      stdout: '',
      stderr:
        `error: refusing the config file ${file}: it is not a regular file\n` +
        'hint: remove it, or replace it with a file of your own\n',
    });
  });

  it('a config.json of 1 GiB: exit 3 naming the 64 KiB limit', async () => {
    const config = join(tempDir('fib-cfg-'), 'config');
    const file = sparseFile(join(config, 'fibonacci', 'config.json'));
    const r = await capped(['auth', 'status'], { ...offline, XDG_CONFIG_HOME: config });
    expect(r).toEqual({
      code: 3,
      stdout: '',
      stderr: `error: config file ${file} is larger than 64 KiB, the most it may be\nhint: fix or remove the file\n`,
    });
  });

  it('a config.json that is not JSON: the place and fixed words, none of its text (a key pasted unquoted)', async () => {
    const config = join(tempDir('fib-cfg-'), 'config');
    mkdirSync(join(config, 'fibonacci'), { recursive: true, mode: 0o700 });
    const file = join(config, 'fibonacci', 'config.json');
    writeFileSync(file, '{\n  "api_key": fib_test_PastedUnquoted0123456789\n}\n', { mode: 0o600 });
    const r = await capped(['auth', 'status'], { ...offline, XDG_CONFIG_HOME: config });
    expect(r).toEqual({
      code: 3,
      stdout: '',
      stderr: `error: config file ${file} is not valid JSON (line 2, column 14: unexpected character)\nhint: fix or remove the file\n`,
    });
  });

  it('a plain-text key file of 1 GiB: refused, exit 3, naming the 64 KiB limit', async () => {
    const config = join(tempDir('fib-cfg-'), 'config');
    const origin = 'https://127.0.0.1:9';
    const file = sparseFile(new InsecureFileStore(join(config, 'fibonacci')).pathFor(origin));
    const r = await capped(['auth', 'token'], {
      FIBONACCI_BASE_URL: origin,
      XDG_CONFIG_HOME: config,
      // No Secret Service here: the keychain is unavailable, and the file is what is left.
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent',
    });
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `error: refusing the plain-text key file ${file}: it is larger than 64 KiB\n` +
        'hint: remove it, then run `fibonacci auth login --insecure-storage` again (or `chmod 600` it if it is yours)\n',
    );
  });

  it('a completion cache entry that is /dev/zero: an ordinary miss, not a read without end', async () => {
    const set = await runCli(['secret', 'set', 'BOUNDED_CACHE'], { env: emu.env, input: 'v' });
    expect(set.code, set.stderr).toBe(0);
    const cache = join(tempDir('fib-cache-'), 'cache');
    const env = { ...emu.env, XDG_CACHE_HOME: cache };
    const origin = new URL(emu.url).origin;
    const keyId = createHash('sha256').update(emu.ownerKey).digest('hex');
    const entry = cachePath({ XDG_CACHE_HOME: cache }, [origin, emu.url, keyId, 'secret', '', '']);
    mkdirSync(dirname(entry), { recursive: true, mode: 0o700 });
    symlinkSync('/dev/zero', entry);
    const r = await capped(['__complete', 'secret'], env);
    // Before, the synchronous read of /dev/zero blocked the 900 ms limit's own timer and died of
    // bad_alloc. Now it is a miss and the names are fetched, unless that fetch outlasts the limit
    // on a loaded machine (then TAB offers nothing, as designed): never a crash or a hang.
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(['BOUNDED_CACHE\n', '']).toContain(r.stdout);
  });

  it('emulator start --env-file /dev/zero: exit 3 naming the 1 MiB limit, nothing listens', async () => {
    const dataDir = join(tempDir(), 'data');
    const r = await capped(
      ['emulator', 'start', '--port', '0', '--data-dir', dataDir, '--env-file', '/dev/zero'],
      {},
    );
    expect(r).toEqual({
      code: 3,
      stdout: '',
      stderr:
        'error: --env-file /dev/zero is larger than 1 MiB, the most a settings file may be\n' +
        'hint: check the path given to --env-file\n',
    });
  });

  it("a data dir's master key of 1 GiB: refused as no master key (exit 3), never read whole", async () => {
    const stopped = await emu.stop();
    expect(stopped).toBe(0);
    sparseFile(join(emu.dataDir, 'master-key'));
    const r = await capped(['emulator', 'start', '--port', '0', '--data-dir', emu.dataDir], {});
    expect(r.code).toBe(3);
    expect(r.stderr.split('\n')[0]).toBe(
      `error: ${join(emu.dataDir, 'master-key')} does not hold a 64-hex-character master key; restore it from a backup (stored secrets need it) or use another data dir`,
    );
  });
});
