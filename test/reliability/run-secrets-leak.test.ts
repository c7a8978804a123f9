// Leaks through workflow runs: a canary value, set for production and for the shared scope, is
// resolved by every run that references it ({{secrets.LEAK_KEY}} in a header, in a node's name and
// as a node id, which the output lists), in a completed run, a --json run, a --debug run and a run
// that fails on a second, missing secret. Then every place a value could surface is searched:
// each run's stdout and stderr, the emulator's log, every audit event, every run as the API
// returns it, and the data dir's files as bytes (emulator.db, -wal and -shm while it runs, and the
// database again after the WAL is checkpointed at stop). Only ciphertext may hold the value.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { apiRequest } from '../helpers/api-request.js';
import { type EmulatorHandle, startEmulator } from '../helpers/emulator.js';
import { type CliResult, runCli } from '../helpers/spawn-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const VALUE = `canary-run-${randomBytes(12).toString('hex')}`;
const SHARED = `canary-shared-${randomBytes(12).toString('hex')}`;
let emu: EmulatorHandle | undefined;
afterAll(async () => {
  await emu?.stop();
});

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

/** Which canaries occur in `bytes`, as UTF-8 or UTF-16. */
function found(bytes: Buffer | string, canaries: Record<string, string>): string[] {
  const b = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
  return Object.entries(canaries)
    .filter(([, c]) => b.includes(Buffer.from(c)) || b.includes(Buffer.from(c, 'utf16le')))
    .map(([name]) => name);
}

describe('a resolved secret never leaves the run’s memory', () => {
  it('through completed, --json, --debug and failed runs, and nowhere afterwards', async () => {
    emu = await startEmulator({ timeoutMs: 60_000 });
    const e = emu;
    const canaries = { production: VALUE, shared: SHARED };
    const dir = tempDir('fib-run-leak-');
    const ref = '{{secrets.LEAK_KEY}}';
    const definition = (extra: string[]) => ({
      name: 'leak',
      version: 1,
      input_schema: { type: 'object', properties: { email: { type: 'string', format: 'email' } } },
      nodes: [
        { id: ref, type: 'tool', name: `call ${ref}`, headers: { Authorization: `Bearer ${ref}` } },
        { id: 'after', type: 'llm', prompt: extra.map((n) => `{{secrets.${n}}}`).join(' ') },
      ],
      edges: [{ from: ref, to: 'after' }],
    });
    writeFileSync(join(dir, 'ok.json'), JSON.stringify(definition([])));
    writeFileSync(join(dir, 'missing.json'), JSON.stringify(definition(['LEAK_KEY', 'LEAK_ABSENT'])));
    const outputs: Array<[string, CliResult]> = [];
    const run = async (label: string, args: string[], input?: string) => {
      const r = await runCli(args, { env: e.env, ...(input === undefined ? {} : { input }) });
      outputs.push([label, r]);
      return r;
    };
    expect((await run('set', ['secret', 'set', 'LEAK_KEY', '--env', 'production'], `${VALUE}\n`)).code).toBe(
      0,
    );
    expect((await run('set shared', ['secret', 'set', 'LEAK_KEY'], `${SHARED}\n`)).code).toBe(0);
    for (const name of ['ok', 'missing']) {
      const made = await run(`create ${name}`, [
        'workflow',
        'create',
        `leak/${name}`,
        '--file',
        join(dir, `${name}.json`),
      ]);
      expect(made.code, made.stderr).toBe(0);
    }
    const input = ['--input', '{"email": "a@example.com"}'];
    expect((await run('run', ['workflow', 'run', 'leak/ok', '--env', 'production', ...input])).code).toBe(0);
    expect((await run('run shared', ['workflow', 'run', 'leak/ok', ...input])).code).toBe(0);
    const json = await run('run --json', ['workflow', 'run', 'leak/ok', '--env', 'staging', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).output_data.nodes_executed).toEqual([`call ${ref}`, 'after']);
    expect(
      (await run('run --debug', ['workflow', 'run', 'leak/ok', '--env', 'production', '--debug'])).code,
    ).toBe(0);
    const failed = await run('failed', ['workflow', 'run', 'leak/missing', '--env', 'production', '--debug']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('secret LEAK_ABSENT is not set in production');
    const refused = await run('422', [
      'workflow',
      'run',
      'leak/ok',
      '--input',
      '{"email": "nope"}',
      '--debug',
    ]);
    expect(refused.code).toBe(2);

    const leaks: string[] = [];
    // While it runs: the WAL and shared memory hold the newest pages.
    for (const f of files(e.dataDir)) {
      for (const c of found(readFileSync(f), canaries)) leaks.push(`${c} in data dir file ${f} (running)`);
    }
    expect(
      files(e.dataDir).some((f) => f.endsWith('-wal')),
      'the WAL was searched',
    ).toBe(true);
    for (const [label, r] of outputs) {
      for (const c of found(r.stdout, canaries)) leaks.push(`${c} in stdout of ${label}`);
      for (const c of found(r.stderr, canaries)) leaks.push(`${c} in stderr of ${label}`);
    }
    const events = await runCli(['audit', 'logs', '--json', '--limit', '1000'], { env: e.env });
    const list = JSON.parse(events.stdout) as Array<{ event_type: string; metadata: { run_id?: string } }>;
    const runIds = list.filter((x) => x.event_type === 'workflow.execute').map((x) => x.metadata.run_id);
    expect(runIds).toHaveLength(5);
    for (const c of found(events.stdout, canaries)) leaks.push(`${c} in audit events`);
    for (const id of runIds) {
      const got = await apiRequest(e, 'GET', `/api/v1/runs/${id}`);
      expect(got.status).toBe(200);
      for (const c of found(got.text, canaries)) leaks.push(`${c} in run ${id}`);
    }
    await e.stop(); // checkpoints the WAL into the database file
    for (const c of found(e.stdout() + e.stderr(), canaries)) leaks.push(`${c} in the emulator's log`);
    for (const f of files(e.dataDir)) {
      for (const c of found(readFileSync(f), canaries)) leaks.push(`${c} in data dir file ${f}`);
    }
    expect(leaks).toEqual([]);
  }, 180_000);
});
