// `fibonacci emulator start` and `add-user`, spawned from the built CLI (run `npm run build` first).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { hashKey } from '../../../src/emulator/ids.js';
import { apiRequest } from '../../helpers/api-request.js';
import { startEmulator } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const ME = '/api/v1/auth/me';
const mode = (path: string) => statSync(path).mode & 0o777;

/** Every byte of every file in the data dir except owner-key, as latin1 text to search. */
function dataDirBytes(dir: string): string {
  return readdirSync(dir)
    .filter((f) => f !== 'owner-key')
    .map((f) => readFileSync(join(dir, f)).toString('latin1'))
    .join('\n');
}

describe('emulator start', () => {
  it('creates the organization and the owner key on first start, and prints what a shell needs', async () => {
    const emu = await startEmulator();
    const dir = emu.dataDir;
    expect(emu.stdout()).toBe(
      [
        `Fibonacci emulator listening on ${emu.url} (TLS 1.3)`,
        `data dir: ${dir}`,
        `export FIBONACCI_BASE_URL=${emu.url} FIBONACCI_CA_CERT=${dir}/ca.pem`,
        `owner key (shown once; also saved to ${dir}/owner-key, mode 0600): ${emu.ownerKey}`,
        '',
      ].join('\n'),
    );
    expect(emu.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(emu.ownerKey).toMatch(/^fib_test_[A-Za-z0-9]{43}$/);
    expect(mode(dir)).toBe(0o700);
    for (const f of ['owner-key', 'ca-key.pem', 'server-key.pem']) expect(mode(join(dir, f))).toBe(0o600);

    const me = await apiRequest(emu, 'GET', ME);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ role: 'owner', key_name: 'owner', workflows: ['**'] });

    // Only the hash is stored: not in the database, the WAL, or anywhere else in the data dir.
    expect(dataDirBytes(dir)).not.toContain(emu.ownerKey);
    expect(await emu.stop()).toBe(0);
    expect(dataDirBytes(dir)).not.toContain(emu.ownerKey);
    expect(dataDirBytes(dir)).not.toContain(emu.ownerKey.slice(13));
    const db = new Database(join(dir, 'emulator.db'), { readonly: true });
    try {
      expect(db.prepare('SELECT prefix, key_hash FROM api_keys').all()).toEqual([
        { prefix: emu.ownerKey.slice(0, 13), key_hash: hashKey(emu.ownerKey) },
      ]);
      expect(db.prepare('SELECT role FROM users').all()).toEqual([{ role: 'owner' }]);
      expect((db.prepare('SELECT id FROM organizations').get() as { id: string }).id).toMatch(/^org-/);
    } finally {
      db.close();
    }
  });

  it('reuses the data dir on a second start: same key and CA, no key printed', async () => {
    const first = await startEmulator();
    const ca = readFileSync(first.caCertPath, 'utf8');
    const second = await first.restart();
    expect(second.stdout()).not.toContain('owner key');
    expect(second.stdout()).not.toContain(first.ownerKey);
    expect(readFileSync(second.caCertPath, 'utf8')).toBe(ca);
    expect((await apiRequest(second, 'GET', ME, { key: first.ownerKey })).status).toBe(200);
    expect(await second.stop()).toBe(0);
  });

  it("without --port a restart takes the data dir's last port again; taken, another one and a warning (newcomer s14 NC-20)", async () => {
    const dataDir = join(tempDir('fib-emu-port-'), 'data');
    const first = await startEmulator({ dataDir, port: null });
    const port = new URL(first.url).port;
    expect(readFileSync(join(dataDir, 'port'), 'utf8')).toBe(`${port}\n`);
    expect(mode(join(dataDir, 'port'))).toBe(0o600);
    expect(await first.stop()).toBe(0);
    const again = await startEmulator({ dataDir, port: null });
    expect(again.url).toBe(first.url);
    // Its port now held by another emulator: this start takes a free one and says so.
    expect(await again.stop()).toBe(0);
    const other = await startEmulator({ port: Number(port) });
    const moved = await startEmulator({ dataDir, port: null });
    expect(moved.url).not.toBe(first.url);
    const movedPort = new URL(moved.url).port;
    // Printed just after the lines on stdout: waited for.
    await vi.waitFor(() => expect(moved.stderr()).toContain('warning: port'), { timeout: 5000 });
    expect(moved.stderr()).toContain(
      `warning: port ${port}, this data dir's last, is in use: listening on ${movedPort} instead; export FIBONACCI_BASE_URL again (and log in again: a stored key belongs to its origin), or pass --port\n`,
    );
    expect(readFileSync(join(dataDir, 'port'), 'utf8')).toBe(`${movedPort}\n`);
    expect(await moved.stop()).toBe(0);
    expect(await other.stop()).toBe(0);
  });

  it('stops cleanly on SIGTERM and SIGINT: exit 0, "emulator stopped", an intact database', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const emu = await startEmulator();
      expect((await apiRequest(emu, 'GET', ME, { key: null })).status).toBe(401);
      expect(await emu.stop(signal)).toBe(0);
      expect(emu.stderr()).toMatch(/emulator stopped\n$/);
      const db = new Database(join(emu.dataDir, 'emulator.db'), { readonly: true });
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(
          db.prepare("SELECT count(*) AS n FROM audit_events WHERE event_type = 'auth.failed'").get(),
        ).toEqual({ n: 1 });
      } finally {
        db.close();
      }
    }
  });

  it('keeps every acknowledged write through a SIGKILL', async () => {
    const emu = await startEmulator();
    for (let i = 0; i < 5; i++)
      expect((await apiRequest(emu, 'GET', ME, { key: 'fib_test_wrongwrongwrong' })).status).toBe(401);
    await emu.kill();
    const again = await emu.restart();
    const db = new Database(join(again.dataDir, 'emulator.db'), { readonly: true });
    try {
      expect(
        db.prepare("SELECT count(*) AS n FROM audit_events WHERE event_type = 'auth.failed'").get(),
      ).toEqual({ n: 5 });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
    await again.stop();
  });

  it('writes the access log to stderr without keys', async () => {
    const emu = await startEmulator();
    const res = await apiRequest(emu, 'GET', ME);
    await emu.stop();
    expect(emu.stderr()).toContain(`GET ${ME} 200 `);
    expect(emu.stderr()).toContain(res.headers['x-request-id'] as string);
    expect(emu.stderr()).not.toContain('fib_test');
  });

  it('takes the rate limit from FIBONACCI_EMULATOR_RATE_LIMIT or --rate-limit', async () => {
    const viaEnv = await startEmulator({ env: { FIBONACCI_EMULATOR_RATE_LIMIT: '2' } });
    expect((await apiRequest(viaEnv, 'GET', ME)).headers['x-ratelimit-limit']).toBe('2');
    await apiRequest(viaEnv, 'GET', ME);
    const limited = await apiRequest(viaEnv, 'GET', ME);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    await viaEnv.stop();

    const viaFlag = await startEmulator({ args: ['--rate-limit', '7'] });
    expect((await apiRequest(viaFlag, 'GET', ME)).headers['x-ratelimit-limit']).toBe('7');
    await viaFlag.stop();
  });

  it('refuses a bad rate limit and a port in use with one error line and a hint', async () => {
    const bad = await runCli(['emulator', 'start', '--data-dir', tempDir()], {
      env: { FIBONACCI_EMULATOR_RATE_LIMIT: 'lots' },
    });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toBe(
      'error: FIBONACCI_EMULATOR_RATE_LIMIT must be a positive integer, not "lots"\nhint: unset it, or give --rate-limit N\n',
    );

    const emu = await startEmulator();
    const clash = await runCli(['emulator', 'start', '--port', String(emu.port), '--data-dir', tempDir()]);
    expect(clash.code).toBe(3);
    expect(clash.stderr).toBe(
      `error: cannot listen on 127.0.0.1:${emu.port}: port ${emu.port} is already in use\nhint: stop the other server, or pass --port 0 to pick a free port\n`,
    );
    await emu.stop();
  });
});

describe('emulator add-user', () => {
  it('adds a viewer while the emulator runs: user, role and key in the owner-key line; --plain the key alone', async () => {
    const emu = await startEmulator();
    const r = await runCli(['emulator', 'add-user', '--data-dir', emu.dataDir, '--role', 'viewer']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    // The first start's shape: `owner key (shown once; …): KEY`.
    expect(emu.stdout()).toMatch(/^owner key \(shown once; also saved to .+\): fib_test_\w+$/m);
    const shown =
      /^viewer key \(shown once; user (user-\w+), key (key_\w+)\): (fib_test_[A-Za-z0-9]{43})\n$/.exec(
        r.stdout,
      );
    expect(shown, r.stdout).not.toBeNull();
    const [, userId, keyId, key] = shown as RegExpExecArray;
    const me = await apiRequest(emu, 'GET', ME, { key: key as string });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      user_id: userId,
      key_id: keyId,
      role: 'viewer',
      key_name: 'viewer',
      scopes: { read: true, write: false },
    });

    const plain = await runCli([
      'emulator',
      'add-user',
      '--data-dir',
      emu.dataDir,
      '--role',
      'admin',
      '--plain',
    ]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^fib_test_[A-Za-z0-9]{43}\n$/);
    expect((await apiRequest(emu, 'GET', ME, { key: plain.stdout.trim() })).body).toMatchObject({
      role: 'admin',
    });
    await emu.stop();
  });

  it('takes scopes, workflow patterns, a name and superuser', async () => {
    const emu = await startEmulator();
    const key = await emu.addUser('member', [
      '--name',
      'ci',
      '--scope',
      'execute',
      'runs:read',
      '--workflows',
      'production/*',
      '--superuser',
    ]);
    const me = await apiRequest(emu, 'GET', ME, { key });
    expect(me.body).toMatchObject({
      key_name: 'ci',
      role: 'member',
      scopes: { read: false, execute: true, 'runs:read': true },
      workflows: ['production/*'],
    });
    await emu.stop();
  });

  it('refuses an unknown role or scope (exit 2) and a data dir without an emulator (exit 3)', async () => {
    const role = await runCli(['emulator', 'add-user', '--data-dir', tempDir(), '--role', 'Boss']);
    expect(role.code).toBe(2);
    expect(role.stderr).toBe(
      'error: invalid --role "Boss": expected owner, admin, member, viewer or a custom role of the access policy\nhint: see `fibonacci emulator add-user --help`\n',
    );
    const scope = await runCli([
      'emulator',
      'add-user',
      '--data-dir',
      tempDir(),
      '--role',
      'viewer',
      '--scope',
      'root',
    ]);
    expect(scope.code).toBe(2);
    expect(scope.stderr).toMatch(
      /^error: invalid --scope "root": unknown scope root\nhint: valid scopes:\n {2}read, /,
    );
    for (const pattern of ['', 'production/../x', '{a,b}']) {
      const bad = await runCli([
        'emulator',
        'add-user',
        '--data-dir',
        tempDir(),
        '--role',
        'viewer',
        '--workflows',
        pattern,
      ]);
      expect(bad.code, pattern).toBe(2);
      expect(bad.stderr).toBe(
        `error: invalid --workflows "${pattern}": not a workflow pattern\nhint: a pattern is /-separated segments of letters, digits, _, ., - and * wildcards, or ** alone as a segment\n`,
      );
    }
    const dir = tempDir();
    const none = await runCli(['emulator', 'add-user', '--data-dir', dir, '--role', 'viewer']);
    expect(none.code).toBe(3);
    expect(none.stderr).toBe(
      `error: no emulator data in ${dir}\nhint: start it once first: fibonacci emulator start --data-dir ${dir}\n`,
    );
  });
});
