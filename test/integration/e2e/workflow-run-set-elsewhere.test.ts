// A run that failed on a secret set in another environment (newcomer s14 NC-7): `workflow run
// production/triage` with API_KEY set only in production was sent to `secret list` (the empty
// shared scope). It now says where the secret is, as `secret delete` does, when the key may list
// environments; an execute-only key keeps the old hint and asks nothing more. The built CLI, the
// real emulator and its access log.
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
  const file = join(tempDir('fib-run-elsewhere-'), 'wf.json');
  const nodes = [{ id: 'a', type: 'llm', prompt: '{{secrets.API_KEY}}' }];
  writeFileSync(file, JSON.stringify({ name: 'e', version: 1, nodes, edges: [] }));
  for (const args of [
    ['workflow', 'create', 'production/triage', '--file', file],
    ['secret', 'set', 'API_KEY', '--env', 'production'],
  ]) {
    const r = await runCli(args, { env: emu.env, input: 'v' });
    expect(r.code, r.stderr).toBe(0);
  }
  const made = await runCli(
    [
      'auth',
      'create-key',
      '--name',
      'ci-exec',
      '--scope',
      'execute',
      '--workflows',
      'production/*',
      '--json',
    ],
    { env: emu.env },
  );
  expect(made.code, made.stderr).toBe(0);
  ci = { ...emu.env, FIBONACCI_API_KEY: (JSON.parse(made.stdout) as { key: string }).key };
}, 90_000);
afterAll(stopAllEmulators);

describe('a run failing on a secret set in another environment', () => {
  it('no --env: the hint names the environment that holds it; exit 1', async () => {
    const r = await runCli(['workflow', 'run', 'production/triage'], { env: emu.env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /error: run run_\w+ failed: secret API_KEY is not set in the shared scope\nhint: API_KEY is set in production: pass --env production\n$/,
    );
  });

  it('--env staging: the same, pointing at production', async () => {
    const r = await runCli(['workflow', 'run', 'production/triage', '--env', 'staging'], { env: emu.env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\nhint: API_KEY is set in production: pass --env production\n$/);
  });

  it('an execute-only key: the old hint, and no request it may not make', async () => {
    const before = emu.accessLog().length;
    const r = await runCli(['workflow', 'run', 'production/triage'], { env: ci });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\nhint: `fibonacci secret list` shows the secrets set there\n$/);
    expect(
      emu
        .accessLog()
        .slice(before)
        .filter((e) => e.status === 403),
    ).toEqual([]);
  });
});
