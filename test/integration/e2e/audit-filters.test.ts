// `audit logs` and `audit export` filters that used to match nothing without a word, with the built
// CLI against the real emulator: --workflow takes the id `workflow create` printed as well as the
// name (events record the name); a key that may not list workflows is told to pass the name; a
// mistyped --event-type is warned about with the nearest known type.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;
let id: string;
let dir: string;

beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
  dir = tempDir('fib-audit-filters-');
  const def = join(dir, 'etl.json');
  writeFileSync(
    def,
    JSON.stringify({
      name: 'etl',
      version: 1,
      nodes: [
        { id: 'extract', type: 'tool' },
        { id: 'load', type: 'tool' },
      ],
      edges: [],
    }),
  );
  for (const name of ['production/etl', 'staging/etl']) {
    const made = await runCli(['workflow', 'create', name, '--file', def], { env: emu.env });
    expect(made.code, made.stderr).toBe(0);
    if (name === 'production/etl') id = made.stdout.trim();
    const run = await runCli(['workflow', 'run', name], { env: emu.env });
    expect(run.code, run.stderr).toBe(0);
  }
}, 90_000);
afterAll(stopAllEmulators);

type Row = { event_type: string; workflow_id: string | null };
const events = (stdout: string) => JSON.parse(stdout) as Row[];

describe('--workflow takes an id or a name', () => {
  it('audit logs: the id gives the events of that workflow (by its name), and says which it is', async () => {
    expect(id).toMatch(/^wf_[0-9a-f]{24}$/);
    const byName = await runCli(['audit', 'logs', '--workflow', 'production/etl', '--json'], {
      env: emu.env,
    });
    expect(byName.code, byName.stderr).toBe(0);
    const named = events(byName.stdout);
    expect(named.length).toBeGreaterThan(0);
    expect(named.every((e) => e.workflow_id === 'production/etl')).toBe(true);

    const byId = await runCli(['audit', 'logs', '--workflow', id, '--json'], { env: emu.env });
    expect(byId.code, byId.stderr).toBe(0);
    expect(byId.stderr).toBe(`Workflow ${id} is production/etl\n`);
    expect(events(byId.stdout)).toEqual(named);
  });

  it('audit export: the id exports the same events as the name', async () => {
    const [a, b] = [join(dir, 'by-name.ndjson'), join(dir, 'by-id.ndjson')];
    const byName = await runCli(['audit', 'export', '--workflow', 'production/etl', '--output', a], {
      env: emu.env,
    });
    const byId = await runCli(['audit', 'export', '--workflow', id, '--output', b], { env: emu.env });
    expect(byName.code, byName.stderr).toBe(0);
    expect(byId.code, byId.stderr).toBe(0);
    const lines = readFileSync(b, 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => (JSON.parse(l) as Row).workflow_id === 'production/etl')).toBe(true);
    expect(readFileSync(b, 'utf8')).toBe(readFileSync(a, 'utf8'));
  });

  it('an id no workflow has is exit 12; a key that may not list workflows is exit 5, asking for the name', async () => {
    const missing = await runCli(['audit', 'logs', '--workflow', 'wf_000000000000000000000000'], {
      env: emu.env,
    });
    expect(missing.code).toBe(12);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(
      /^error: no workflow wf_0{24} among the workflows this key may see\nhint: .*--workflow takes a name or an id/,
    );

    const made = await runCli(
      ['auth', 'create-key', '--name', 'auditor', '--scope', 'audit:read', '--json'],
      {
        env: emu.env,
      },
    );
    expect(made.code, made.stderr).toBe(0);
    const { key } = JSON.parse(made.stdout) as { key: string };
    const env = { ...emu.env, FIBONACCI_API_KEY: key };
    const refused = await runCli(['audit', 'logs', '--workflow', id], { env });
    expect(refused.code).toBe(5);
    expect(refused.stdout).toBe('');
    expect(refused.stderr.split('\n').slice(0, 2)).toEqual([
      `error: --workflow ${id} is an id, and this key may not list workflows to find its name`,
      'hint: pass the workflow’s name instead (--workflow NAME): events record workflows by name',
    ]);
    // The name needs no list: the auditor gets the events.
    const byName = await runCli(['audit', 'logs', '--workflow', 'production/etl', '--json'], { env });
    expect(byName.code, byName.stderr).toBe(0);
    expect(events(byName.stdout).length).toBeGreaterThan(0);
  });
});

describe('--event-type', () => {
  it('a mistyped type is still sent, with a warning naming the nearest known type', async () => {
    const r = await runCli(['audit', 'logs', '--event-type', 'workflow.exec', '--json'], { env: emu.env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('[]\n');
    expect(r.stderr).toBe('warning: unknown event type "workflow.exec", did you mean workflow.execute?\n');
    const known = await runCli(['audit', 'logs', '--event-type', 'workflow.execute', '--json'], {
      env: emu.env,
    });
    expect(known.stderr).toBe('');
    expect(events(known.stdout).map((e) => e.event_type)).toEqual(['workflow.execute', 'workflow.execute']);
  });
});

describe('English times, in the user’s time zone', () => {
  // Etc/GMT+5 is five hours behind UTC all year (no daylight saving to race).
  const env = () => ({ ...emu.env, TZ: 'Etc/GMT+5' });
  const HOUR = 3_600_000;

  it('--since today is the start of the local day, said in UTC on stderr', async () => {
    const r = await runCli(['audit', 'logs', '--since', 'today', '--json'], { env: env() });
    const local = new Date(Date.now() - 5 * HOUR);
    const midnight = new Date(
      Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), 5),
    ).toISOString();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(`Showing events ${midnight.replace('.000Z', 'Z')} → now\n`);
    // Today's runs are in it: before, "today" meant now and matched nothing.
    expect(events(r.stdout).length).toBeGreaterThan(0);
  });

  it('a --since in the future and an invalid date are exit 2, nothing on stdout', async () => {
    const future = await runCli(['audit', 'logs', '--since', 'tomorrow'], { env: env() });
    expect(future.code).toBe(2);
    expect(future.stdout).toBe('');
    expect(future.stderr).toMatch(
      /^error: --since "tomorrow" is in the future: \S+T05:00:00Z \(now is \S+Z\)\nhint: give a time in the past/,
    );
    const invalid = await runCli(
      ['audit', 'export', '--since', '2025-13-12', '--output', join(dir, 'x.ndjson')],
      {
        env: env(),
      },
    );
    expect(invalid.code).toBe(2);
    expect(invalid.stderr.split('\n')[0]).toBe(
      'error: invalid --since "2025-13-12": not a valid date or time',
    );
  });
});
