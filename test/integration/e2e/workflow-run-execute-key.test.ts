// `workflow run NAME --env E` with the key CI runs with (execute-only, scoped to its workflows): the CLI
// sends no request the key has no scope for, so a run leaves no access.denied event behind it. The
// owner's key still gets the typo warning. The built CLI, the real emulator and its access log.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;
let ci: Record<string, string>;
beforeAll(async () => {
  emu = await startEmulator();
  const file = join(tempDir('fib-run-exec-'), 'wf.json');
  writeFileSync(
    file,
    JSON.stringify({
      name: 'e',
      version: 1,
      nodes: [{ id: 'a', type: 'llm', prompt: '{{secrets.P}}' }],
      edges: [],
    }),
  );
  for (const args of [
    ['workflow', 'create', 'test/exec-key', '--file', file],
    ['secret', 'set', 'P', '--env', 'production'],
    ['secret', 'set', 'P'],
  ]) {
    const r = await runCli(args, { env: emu.env, input: 'v' });
    expect(r.code, r.stderr).toBe(0);
  }
  const made = await runCli(
    ['auth', 'create-key', '--name', 'ci-exec', '--scope', 'execute', '--workflows', 'test/*', '--json'],
    { env: emu.env },
  );
  expect(made.code, made.stderr).toBe(0);
  ci = { ...emu.env, FIBONACCI_API_KEY: (JSON.parse(made.stdout) as { key: string }).key };
}, 90_000);
afterAll(stopAllEmulators);

describe('workflow run --env with an execute-only key', () => {
  it('runs, and asks nothing the key may not ask: no 403 in the access log, no access.denied event', async () => {
    const before = emu.accessLog().length;
    const r = await runCli(['workflow', 'run', 'test/exec-key', '--env', 'prodution'], { env: ci });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\nStatus: +completed\n/);
    const denied = await runCli(['audit', 'logs', '--event-type', 'access.denied', '--json'], {
      env: emu.env,
    });
    expect(denied.code, denied.stderr).toBe(0);
    expect(JSON.parse(denied.stdout)).toEqual([]);
    // Read after another round trip, so the run's own lines are surely logged; the owner's audit query left out.
    const sent = emu
      .accessLog()
      .slice(before)
      .filter((l) => !l.path.startsWith('/api/v1/audit'));
    expect(sent.map((l) => `${l.method} ${l.path} ${l.status}`)).toEqual([
      'GET /api/v1/auth/me 200',
      'POST /api/v1/workflows/test%2Fexec-key/execute 200',
    ]);
  });

  it('the owner, who may list environments, is refused the typo before it runs', async () => {
    const r = await runCli(['workflow', 'run', 'test/exec-key', '--env', 'prodution'], { env: emu.env });
    expect(r.code, r.stderr).toBe(12);
    expect(r.stderr).toContain('error: no environment prodution\n');
  });
});
