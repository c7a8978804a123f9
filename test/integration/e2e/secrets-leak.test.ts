// The leak test: a canary value goes through every way a value can arrive (prompt,
// stdin, --from-file, --env-file, --value, --debug, a refused write), then every place a value could
// surface is searched: CLI stdout/stderr, the emulator's log, each file of its data dir as bytes
// (SQLite db, -wal, -shm) while running and after stopping, and every audit event.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { apiRequest } from '../../helpers/api-request.js';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { runInProcess } from '../../helpers/run-in-process.js';
import { type CliResult, runCli } from '../../helpers/spawn-cli.js';
import { storedSecrets } from '../../helpers/stored-secrets.js';
import { tempDir } from '../../helpers/temp-dir.js';

const TAG = `cnry${randomBytes(6).toString('hex')}`;
const canary = (path: string) => `${TAG}-${path}-${randomBytes(8).toString('hex')}`;

let emu: EmulatorHandle | undefined;
afterAll(async () => {
  await emu?.stop();
});

/** Where the canary tag occurs in a buffer (as UTF-8 or UTF-16), for a readable failure. */
function occurrences(label: string, bytes: Buffer): string[] {
  const hits: string[] = [];
  if (bytes.includes(Buffer.from(TAG, 'utf8'))) hits.push(`${label} (utf-8)`);
  if (bytes.includes(Buffer.from(TAG, 'utf16le'))) hits.push(`${label} (utf-16)`);
  return hits;
}

function dataDirHits(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => occurrences(`data dir file ${f}`, readFileSync(join(dir, f))));
}

describe('a secret value never leaks', () => {
  it('is absent from output, logs, database files and audit events on every path', async () => {
    emu = await startEmulator();
    const e = emu;
    const outputs: Array<[string, CliResult]> = [];
    const values: Record<string, string> = {};
    const dir = tempDir();
    const run = async (name: string, args: string[], input?: string, env = e.env) => {
      outputs.push([name, await runCli(args, { env, ...(input === undefined ? {} : { input }) })]);
    };

    values.LEAK_PROMPT = canary('prompt');
    const prompted = await runInProcess(['secret', 'set', 'LEAK_PROMPT', '--debug'], {
      env: e.env,
      stdinIsTTY: true,
      stdoutIsTTY: true,
      secrets: [values.LEAK_PROMPT],
    });
    expect(prompted.code).toBe(0);
    outputs.push(['prompt', { code: prompted.code, stdout: prompted.stdout, stderr: prompted.stderr }]);

    values.LEAK_STDIN = canary('stdin');
    await run('stdin', ['secret', 'set', 'LEAK_STDIN', '--env', 'production'], `${values.LEAK_STDIN}\n`);
    values.LEAK_DEBUG = canary('debug');
    await run('debug', ['--debug', 'secret', 'set', 'LEAK_DEBUG'], values.LEAK_DEBUG);
    values.LEAK_FILE = canary('file');
    writeFileSync(join(dir, 'value'), values.LEAK_FILE);
    await run('from-file', ['secret', 'set', 'LEAK_FILE', '--from-file', join(dir, 'value'), '--debug']);
    values.LEAK_ENVFILE = canary('envfile');
    writeFileSync(join(dir, '.env'), `LEAK_ENVFILE=${values.LEAK_ENVFILE}\n`);
    await run('env-file', ['secret', 'set', '--env-file', join(dir, '.env'), '--env', 'staging', '--debug']);
    values.LEAK_VALUE = canary('value');
    await run('value', ['secret', 'set', 'LEAK_VALUE', '--value', values.LEAK_VALUE, '--debug']);
    // Paths that fail: refused by the server (403) and refused locally (too large).
    const viewer = { ...e.env, FIBONACCI_API_KEY: await e.addUser('viewer') };
    await run(
      '403',
      ['--debug', 'secret', 'set', 'LEAK_DENIED', '--value', canary('denied')],
      undefined,
      viewer,
    );
    await run('too-big', ['secret', 'set', 'LEAK_BIG'], `${canary('big')}${'x'.repeat(65536)}`);
    await run('list', ['secret', 'list', '--json', '--debug']);
    await run('health', ['secret', 'health', '--json', '--debug']);

    const codes = Object.fromEntries(outputs.map(([n, r]) => [n, r.code]));
    expect(codes).toEqual({
      prompt: 0,
      stdin: 0,
      debug: 0,
      'from-file': 0,
      'env-file': 0,
      value: 0,
      '403': 5,
      'too-big': 2,
      list: 0,
      health: 0,
    });
    // Positive control: every canary really was stored (encrypted), so its absence below means something.
    const decrypted = Object.fromEntries(
      storedSecrets(e.dataDir, { like: 'LEAK_%' }).map((s) => [s.name, s.value]),
    );
    expect(decrypted).toEqual(values);
    const db = new Database(join(e.dataDir, 'emulator.db'), { readonly: true });
    const auditDb = JSON.stringify(db.prepare('SELECT * FROM audit_events').all());
    db.close();
    expect(auditDb).toContain('secret.set');

    const hits: string[] = [];
    for (const [name, r] of outputs) {
      hits.push(
        ...occurrences(`${name} stdout`, Buffer.from(r.stdout)),
        ...occurrences(`${name} stderr`, Buffer.from(r.stderr)),
      );
    }
    expect(outputs.find(([n]) => n === 'debug')?.[1].stderr).toMatch(
      /debug: → PUT https:\/\/.*\/api\/v1\/secrets\/LEAK_DEBUG/,
    );
    hits.push(...occurrences('audit rows', Buffer.from(auditDb)));
    const events = await apiRequest(e, 'GET', '/api/v1/audit/events?limit=1000');
    expect(events.status).toBe(200);
    hits.push(...occurrences('GET /api/v1/audit/events', Buffer.from(events.text)));
    hits.push(...dataDirHits(e.dataDir));
    hits.push(
      ...occurrences('emulator stdout', Buffer.from(e.stdout())),
      ...occurrences('emulator stderr', Buffer.from(e.stderr())),
    );
    expect(hits).toEqual([]);

    // After a clean stop the WAL is folded into the main file: search again.
    expect(await e.stop()).toBe(0);
    expect(dataDirHits(e.dataDir)).toEqual([]);
    expect(occurrences('emulator stderr', Buffer.from(e.stderr()))).toEqual([]);
  });
});
