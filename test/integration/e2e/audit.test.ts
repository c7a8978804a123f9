// The built CLI against the real emulator over TLS: seed-audit, export in every format, resume after
// the server dies mid-export, and --follow printing new events once.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { apiRequest } from '../../helpers/api-request.js';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../../helpers/emulator.js';
import { startFaultProxy } from '../../helpers/fault-proxy.js';
import { runCli, spawnCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

afterAll(stopAllEmulators);

function storedIds(emu: EmulatorHandle): string[] {
  const db = new Database(join(emu.dataDir, 'emulator.db'), { readonly: true });
  try {
    return (
      db.prepare('SELECT id FROM audit_events ORDER BY timestamp, id').all() as Array<{ id: string }>
    ).map((r) => r.id);
  } finally {
    db.close();
  }
}

describe('audit export (e2e)', () => {
  it('exports 10,000 events sharing one timestamp in every format, no duplicate, no gap', async () => {
    const emu = await startEmulator();
    const seeded = await runCli([
      'emulator',
      'seed-audit',
      '--count',
      '10000',
      '--at',
      '2026-11-29T10:00:00Z',
      '--data-dir',
      emu.dataDir,
    ]);
    expect(seeded.code).toBe(0);
    expect(seeded.stderr).toMatch(
      /^Seeded 10,000 synthetic audit events into .*emulator\.db in \d+\.\d s\n$/,
    );
    const ids = storedIds(emu);
    expect(ids).toHaveLength(10_000);
    const dir = tempDir();
    for (const format of ['ndjson', 'json', 'csv'] as const) {
      const out = join(dir, `audit.${format}`);
      const r = await runCli(['audit', 'export', '--format', format, '--output', out, '--page-size', '700'], {
        env: emu.env,
      });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`Exported 10,000 events to ${out}\n`);
      const text = readFileSync(out, 'utf8');
      const got =
        format === 'ndjson'
          ? text
              .trimEnd()
              .split('\n')
              .map((l) => JSON.parse(l).id)
          : format === 'json'
            ? (JSON.parse(text) as Array<{ id: string }>).map((e) => e.id)
            : (parse(text, { columns: true }) as Array<{ id: string }>).map((e) => e.id);
      expect(got).toEqual(ids);
    }
  });

  it('exits 8 when the server dies mid-export; --resume after a restart gives the same bytes', async () => {
    const HOLD_AT = 12;
    let emu = await startEmulator();
    const seeded = await runCli(['emulator', 'seed-audit', '--count', '20000', '--data-dir', emu.dataDir]);
    expect(seeded.code).toBe(0);
    const out = join(tempDir(), 'audit.ndjson');
    const args = [
      'audit',
      'export',
      '--format',
      'ndjson',
      '--output',
      out,
      '--page-size',
      '50',
      '--since',
      '60d',
    ];
    // The export goes through a proxy that holds back the response to its HOLD_AT-th request, so the
    // server dies while the CLI waits for that page: after exactly HOLD_AT - 1 pages, however fast or
    // loaded the machine (waiting for a checkpoint on a timer raced the export, which could finish first).
    const proxy = await startFaultProxy(emu.port, (n) => (n === HOLD_AT ? { mode: 'hold' } : undefined));
    const running = runCli([...args, '--retries', '1'], {
      env: { ...emu.env, FIBONACCI_BASE_URL: proxy.url },
      timeoutMs: 60_000,
    });
    while (proxy.injected.length === 0) await sleep(10);
    await emu.kill();
    // The held connection goes with the server; the one retry finds nothing listening.
    await proxy.close();
    const failed = await running;
    expect(failed.code, failed.stderr).toBe(8);
    const lines = failed.stderr.trimEnd().split('\n');
    expect(lines.at(-2)).toMatch(/^error: export stopped after 550 events: \S/);
    expect(lines.at(-1)).toBe(
      `hint: resume with: fibonacci audit export --format ndjson --output ${out} --since 60d --page-size 50 --resume`,
    );
    const checkpoint = JSON.parse(readFileSync(`${out}.checkpoint.json`, 'utf8'));
    expect(checkpoint.count).toBe((HOLD_AT - 1) * 50);

    emu = await emu.restart();
    // Other filters than the unfinished export's: refused, and the hint is the command that DOES
    // resume it (the checkpoint's own filters), then the one that starts over with these.
    const other = await runCli(
      [...args.slice(0, -2), '--since', '2h', '--user', "o'brien\u001b[2J x", '--resume'],
      {
        env: emu.env,
      },
    );
    expect([other.code, other.stdout, other.stderr]).toEqual([
      2,
      '',
      `error: --resume with different --since, --user than the unfinished export of ${out}\n` +
        `hint: resume it with: fibonacci audit export --format ndjson --output ${out} --since 60d --page-size 50 --resume\n` +
        `  start over with: fibonacci audit export --format ndjson --output ${out} --since 2h --user 'o'\\''brien\\u001b[2J x' --page-size 50\n`,
    ]);
    const resumed = await runCli([...args, '--resume'], { env: emu.env, timeoutMs: 60_000 });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(
      new RegExp(`\\nResumed ${out} at 550 events; exported 20,000 events to ${out}\\n$`),
    );
    const reference = join(tempDir(), 'reference.ndjson');
    const whole = await runCli(
      ['audit', 'export', '--format', 'ndjson', '--output', reference, '--since', '60d'],
      { env: emu.env },
    );
    expect(whole.code).toBe(0);
    expect(readFileSync(out).equals(readFileSync(reference))).toBe(true);
    expect(readFileSync(out, 'utf8').split('\n')).toHaveLength(20_001);
  });
});

describe('audit logs --follow (e2e)', () => {
  it('prints the history, then each new event once, survives a restart, ends with 130 on Ctrl-C', async () => {
    let emu = await startEmulator();
    const member = await emu.addUser('member', ['--scope', 'execute']);
    const deny = async () =>
      expect((await apiRequest(emu, 'GET', '/api/v1/audit/events', { key: member })).status).toBe(403);
    await deny();
    const follow = spawnCli(
      ['audit', 'logs', '--follow', '--format', 'ndjson', '--event-type', 'access.denied'],
      emu.env,
    );
    const { child } = follow;
    child.stdin.end();
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const lineCount = () => follow.stdout().split('\n').filter(Boolean).length;
    const waitFor = async (n: number) => {
      for (let i = 0; i < 300 && lineCount() < n; i++) await sleep(50);
      expect(lineCount(), follow.stderr()).toBe(n);
    };
    await waitFor(1);
    await deny();
    await deny();
    await waitFor(3);
    await sleep(2500); // a few idle polls: nothing is printed twice
    await deny();
    await waitFor(4);
    // The server restarts on the same port: the follower waits it out and carries on.
    emu = await emu.restart();
    await deny();
    await waitFor(5);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const events = follow
      .stdout()
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(new Set(events.map((e) => e.id)).size).toBe(5);
    expect(events.every((e) => e.event_type === 'access.denied')).toBe(true);
    expect(events.map((e) => e.timestamp)).toEqual([...events.map((e) => e.timestamp)].sort());
  });
});
