// `workflow run NAME --env prodution` where `production` exists: refused before the run is stored
// (exit 12, the near name), as `secret delete --env` refuses it, so a typo leaves no failed run and
// no workflow.execute event behind. An environment with none near (a new one, a fresh org) still
// runs, warned. An execute-only key may not list environments: the server answers the run as the
// contract says and the CLI warns from `environment_found`. The built CLI, the real emulator.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataDb } from '../../helpers/db-state.js';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;
let fresh: EmulatorHandle;
let file: string;
beforeAll(async () => {
  [emu, fresh] = await Promise.all([startEmulator(), startEmulator()]);
  file = join(tempDir('fib-run-refused-'), 'wf.json');
  writeFileSync(
    file,
    JSON.stringify({
      name: 'e',
      version: 1,
      nodes: [{ id: 'a', type: 'llm', prompt: '{{secrets.P}}' }],
      edges: [],
    }),
  );
  for (const [args, on] of [
    [['workflow', 'create', 'prod/typo', '--file', file], emu],
    [['secret', 'set', 'P', '--env', 'production'], emu],
    [['secret', 'set', 'P'], emu],
    [['workflow', 'create', 'prod/typo', '--file', file], fresh],
  ] as const) {
    const r = await runCli([...args], { env: on.env, input: 'v' });
    expect(r.code, r.stderr).toBe(0);
  }
}, 90_000);
afterAll(stopAllEmulators);

/** Runs and workflow.execute events stored so far. */
function stored(on: EmulatorHandle): { runs: number; executes: number } {
  const db = openDataDb(on.dataDir);
  try {
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      runs: count('SELECT COUNT(*) AS n FROM runs'),
      executes: count("SELECT COUNT(*) AS n FROM audit_events WHERE event_type = 'workflow.execute'"),
    };
  } finally {
    db.close();
  }
}

describe('workflow run --env with a near environment', () => {
  it('a typo: exit 12, the near name, no run and no event stored', async () => {
    const before = stored(emu);
    const r = await runCli(['workflow', 'run', 'prod/typo', '--env', 'prodution'], { env: emu.env });
    expect([r.code, r.stdout, r.stderr]).toEqual([
      12,
      '',
      'error: no environment prodution\nhint: did you mean production?\n',
    ]);
    expect(stored(emu)).toEqual(before);
  });

  it('the environment meant: runs, one run and one event more, no warning', async () => {
    const before = stored(emu);
    const r = await runCli(['workflow', 'run', 'prod/typo', '--env', 'production'], { env: emu.env });
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(stored(emu)).toEqual({ runs: before.runs + 1, executes: before.executes + 1 });
  });

  it('an environment with none near: runs on the shared scope, warned', async () => {
    const r = await runCli(['workflow', 'run', 'prod/typo', '--env', 'qa'], { env: emu.env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(
      'warning: there is no environment qa (it exists once a secret is set in it); environments: production\n',
    );
  });

  it('a fresh org (no environment at all): `--env production` runs as before, warned', async () => {
    const before = stored(fresh);
    const r = await runCli(['workflow', 'run', 'prod/typo', '--env', 'production'], { env: fresh.env });
    // The one secret is set nowhere: the run exists and failed, as it always did.
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\nStatus: +failed\n/);
    expect(r.stderr).toContain(
      'warning: there is no environment production (it exists once a secret is set in it); no environment holds a secret yet\n',
    );
    expect(stored(fresh).runs).toBe(before.runs + 1);
  });

  it('an execute-only key cannot list: the run goes ahead and its answer warns', async () => {
    const made = await runCli(
      ['auth', 'create-key', '--name', 'ci-exec', '--scope', 'execute', '--workflows', 'prod/*', '--json'],
      { env: emu.env },
    );
    expect(made.code, made.stderr).toBe(0);
    const ci = { ...emu.env, FIBONACCI_API_KEY: (JSON.parse(made.stdout) as { key: string }).key };
    const r = await runCli(['workflow', 'run', 'prod/typo', '--env', 'prodution'], { env: ci });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('warning: there is no environment prodution; the run used shared secrets only\n');
  });
});
