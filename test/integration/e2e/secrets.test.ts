// `fibonacci secret …` end to end: the built CLI against a spawned emulator over TLS 1.3. Values
// are checked by decrypting what the emulator stored, with the master key from its data dir.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { CLI_BIN } from '../../helpers/repo.js';
import { runCli, spawnCollect, waitExit } from '../../helpers/spawn-cli.js';
import { storedSecrets } from '../../helpers/stored-secrets.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await emu.stop();
});

const cli = (args: string[], input?: string | Buffer, env: Record<string, string> = emu.env) =>
  runCli(args, { env, ...(input === undefined ? {} : { input }) });

/** The plaintext the emulator stored for a secret, or null when there is none. */
function stored(name: string, environment = ''): string | null {
  return storedSecrets(emu.dataDir, { name }).find((s) => s.environment === environment)?.value ?? null;
}

describe('secret set: values survive byte for byte', () => {
  const max = `${'€'.repeat(21845)}a`; // 65536 bytes
  const pem =
    '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n';
  const cases: Array<[string, string, string]> = [
    ['PIPED_NL', 'value-1\n', 'value-1'],
    ['PIPED_RAW', 'value-2', 'value-2'],
    ['PIPED_CRLF', 'value-3\r\n', 'value-3'],
    ['PEM', `${pem}\n`, pem],
    ['UTF8_4BYTE', '𝄞😀\u{10FFFF}\n', '𝄞😀\u{10FFFF}'],
    ['MAX_64K', max, max],
  ];
  for (const [name, input, expected] of cases) {
    it(`${name}`, async () => {
      const r = await cli(['secret', 'set', name, '--env', 'production'], input);
      expect([r.code, r.stdout, r.stderr]).toEqual([0, '', '']);
      expect(stored(name, 'production')).toBe(expected);
    });
  }

  it('--from-file keeps every byte, trailing newlines included', async () => {
    const file = join(tempDir(), 'value.txt');
    writeFileSync(file, 'line 1\r\nline 2\n\n');
    const r = await cli(['secret', 'set', 'FROM_FILE', '--from-file', file]);
    expect(r.code).toBe(0);
    expect(stored('FROM_FILE')).toBe('line 1\r\nline 2\n\n');
  });

  it('refuses 64 KiB + 1 and empty values before sending; nothing stored', async () => {
    const over = await cli(['secret', 'set', 'TOO_BIG'], `${max}b`);
    expect([over.code, over.stderr]).toEqual([
      2,
      'error: the value for TOO_BIG is 65537 bytes; secret values are at most 65536 bytes (64 KiB)\nhint: see `fibonacci secret set --help`\n',
    ]);
    // An empty pipe (`printf "" |`, `printf %s "$UNSET" |`) is an empty value, with or without its newline.
    for (const input of ['\n', '']) {
      const empty = await cli(['secret', 'set', 'EMPTY'], input);
      expect([empty.code, empty.stdout, empty.stderr]).toEqual([
        2,
        '',
        'error: the value for EMPTY on standard input is empty: nothing was stored\nhint: the command before the pipe printed nothing (is the variable set?)\n',
      ]);
    }
    expect([stored('TOO_BIG'), stored('EMPTY')]).toEqual([null, null]);
    expect(emu.stderr()).not.toMatch(/secrets\/(TOO_BIG|EMPTY)/);
  });

  // With or without --from-file - it is the same standard input: before, `--from-file - </dev/null`
  // was exit 2 and an empty pipe to it said "is empty" with no word of standard input (FROMFILEEMPTY).
  it('exit 10 with no terminal and stdin </dev/null, --from-file - or not: nothing was supplied at all', async () => {
    for (const flags of [[], ['--from-file', '-']]) {
      const argv = [process.execPath, '--', CLI_BIN, 'secret', 'set', 'NO_INPUT', ...flags];
      const proc = spawnCollect('/bin/sh', ['-c', 'exec "$0" "$@" </dev/null', ...argv], emu.env);
      const code = await waitExit(proc, 'secret set </dev/null', 30_000);
      expect([code, proc.stdout(), proc.stderr()]).toEqual([
        10,
        '',
        'error: a value for NO_INPUT is needed but there is no terminal to prompt on\nhint: pass it with --from-file FILE, --value V, or on standard input: printf %s "$VALUE" | fibonacci secret set NO_INPUT\n',
      ]);
    }
    const empty = await cli(['secret', 'set', 'NO_INPUT', '--from-file', '-'], '');
    expect([empty.code, empty.stdout, empty.stderr]).toEqual([
      2,
      '',
      'error: the value for NO_INPUT on standard input is empty: nothing was stored\nhint: the command before the pipe printed nothing (is the variable set?)\n',
    ]);
    expect(stored('NO_INPUT')).toBeNull();
  });

  it('--env-file: one malformed line, by number, and nothing of the file is stored', async () => {
    const file = join(tempDir(), '.env');
    writeFileSync(file, 'BULK_A=alpha\nBULK_B="multi\nline"\nnot an entry\nBULK_C=gamma\n');
    const r = await cli(['secret', 'set', '--env-file', file, '--env', 'staging']);
    expect([r.code, r.stdout, r.stderr]).toEqual([
      2,
      '',
      `error: ${file}, line 4: not NAME=value (nor a comment or a blank line); nothing was stored\nhint: each line is NAME=value, a # comment or blank; a value may be quoted, over several lines\n`,
    ]);
    expect(['BULK_A', 'BULK_B', 'BULK_C'].map((n) => stored(n, 'staging'))).toEqual([null, null, null]);
    expect(emu.stderr()).not.toMatch(/secrets\/BULK_/);

    writeFileSync(file, 'BULK_A=alpha\nBULK_B="multi\nline"\n');
    const ok = await cli(['secret', 'set', '--env-file', file, '--env', 'staging']);
    expect([ok.code, ok.stdout, ok.stderr]).toEqual([0, '', '']);
    expect([stored('BULK_A', 'staging'), stored('BULK_B', 'staging')]).toEqual(['alpha', 'multi\nline']);
  });
});

describe('RBAC', () => {
  it('member and viewer exit 5 with the role needed; admin may write', async () => {
    for (const role of ['member', 'viewer'] as const) {
      const env = { ...emu.env, FIBONACCI_API_KEY: await emu.addUser(role) };
      for (const args of [
        ['secret', 'set', 'RBAC', '--value', 'x'],
        ['secret', 'delete', 'PIPED_NL', '--env', 'production', '--yes'],
        ['secret', 'rotation', 'PIPED_NL', '--env', 'production', '--off'],
      ]) {
        const r = await cli(args, undefined, env);
        expect([role, args[1], r.code]).toEqual([role, args[1], 5]);
        expect(r.stderr).toMatch(
          /^(warning: .*\n)?error: not allowed: requires role admin or owner \(request req_\w+\)\nhint: /,
        );
      }
      expect((await cli(['secret', 'list', '--env', 'production'], undefined, env)).code).toBe(0);
    }
    const admin = { ...emu.env, FIBONACCI_API_KEY: await emu.addUser('admin') };
    expect((await cli(['secret', 'set', 'RBAC'], 'by-admin', admin)).code).toBe(0);
    expect(stored('RBAC')).toBe('by-admin');
  });
});

describe('list, rotation, delete', () => {
  it('lists tab-separated and as JSON with rotation; delete twice gives "no such secret"', async () => {
    expect(
      (
        await cli([
          'secret',
          'rotation',
          'PIPED_NL',
          '--env',
          'production',
          '--every',
          '30d',
          '--notify-before',
          '7d',
        ])
      ).code,
    ).toBe(0);
    const tsv = await cli(['secret', 'list', '--env', 'production']);
    const line = tsv.stdout.split('\n').find((l) => l.startsWith('PIPED_NL\t'));
    expect(line).toMatch(/^PIPED_NL\tproduction\t1\t\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\tuser-\w+\tin 30 days$/);
    const json = JSON.parse((await cli(['secret', 'list', '--env', 'production', '--json'])).stdout) as Array<
      Record<string, unknown>
    >;
    expect(json.find((s) => s.name === 'PIPED_NL')).toMatchObject({
      days_remaining: 30,
      due: false,
      rotation: { interval_days: 30, notify_before_days: 7 },
    });
    expect(JSON.stringify(json)).not.toContain('value-1');
    expect((await cli(['secret', 'list', '--env', 'nothing-here', '--json'])).stdout).toBe('[]\n');
    expect((await cli(['secret', 'delete', 'PIPED_RAW', '--env', 'production', '--yes'])).code).toBe(0);
    const again = await cli(['secret', 'delete', 'PIPED_RAW', '--env', 'production', '--yes']);
    expect(again.code).toBe(12);
    expect(again.stderr.split('\n')[0]).toMatch(
      /^error: no such secret PIPED_RAW in production \(request req_\w+\)$/,
    );
  });
});

describe('secret health and tampering', () => {
  it('healthy (exit 0); a flipped ciphertext byte makes it unhealthy (exit 11); the emulator keeps running', async () => {
    const ok = await cli(['secret', 'health']);
    expect([ok.code, ok.stdout]).toEqual([
      0,
      'Secrets backend db: healthy\n  list_secrets  ok\n  get_secret    ok\n',
    ]);
    const db = new Database(join(emu.dataDir, 'emulator.db'));
    const probe = db.prepare("SELECT ciphertext FROM secrets WHERE environment = '_health'").get() as {
      ciphertext: Buffer;
    };
    const flipped = Buffer.from(probe.ciphertext);
    flipped[3] = (flipped[3] ?? 0) ^ 0xff;
    db.prepare("UPDATE secrets SET ciphertext = ? WHERE environment = '_health'").run(flipped);
    db.close();
    const bad = await cli(['secret', 'health']);
    expect(bad.code).toBe(11);
    expect(bad.stdout).toBe(
      'Secrets backend db: unhealthy\n  list_secrets  ok\n  get_secret    error: the probe secret failed authentication: stored data was altered, or the master key changed\n',
    );
    expect(bad.stderr).toBe(''); // 503 is an answer here: no retry announcements, no error line
    const json = await cli(['secret', 'health', '--json']);
    expect([json.code, JSON.parse(json.stdout).status]).toEqual([11, 'unhealthy']);
    expect((await cli(['secret', 'list'])).code).toBe(0);
    expect(emu.process.exitCode).toBeNull();
  });
});

describe('environments: listed, completed, and a name that is none of them', () => {
  it('GET /environments, secret list --all, __complete env, and a warning for --env nope', async () => {
    await cli(['secret', 'set', 'ENV_P', '--env', 'prod-eu'], 'p\n');
    await cli(['secret', 'set', 'ENV_S'], 's\n');
    const envs = await cli(['__complete', 'env']);
    expect(envs.stdout.split('\n')).toEqual(expect.arrayContaining(['prod-eu', 'production', 'staging']));
    expect([envs.code, envs.stderr]).toEqual([0, '']);

    const all = await cli(['secret', 'list', '--all', '--json']);
    expect(all.code, all.stderr).toBe(0);
    const rows = JSON.parse(all.stdout) as Array<{ name: string; environment: string | null }>;
    expect(rows.find((r) => r.name === 'ENV_P')?.environment).toBe('prod-eu');
    expect(rows.find((r) => r.name === 'ENV_S')?.environment).toBeNull();
    // Shared first, then the environments in the server's (sorted) order.
    const scopes = [...new Set(rows.map((r) => r.environment))];
    expect(scopes[0]).toBeNull();
    expect(scopes.slice(1)).toEqual([...scopes.slice(1)].sort());

    const nope = await cli(['secret', 'list', '--env', 'nope']);
    expect([nope.code, nope.stdout]).toEqual([0, '']);
    expect(nope.stderr).toMatch(
      /^warning: there is no environment nope \(it exists once a secret is set in it\); environments: [a-z0-9, -]*prod-eu[a-z0-9, -]*\n$/,
    );
  });
});
