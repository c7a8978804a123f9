// `workflow run NAME --env <typo>` with the key CI runs with (execute-only): the run's answer says
// its environment does not exist, and the CLI warns from it with no request more, so the typo no
// longer runs on the shared scope unwarned. The owner, who may list, is refused the typo first. The
// built CLI, the real emulator, its access log and its audit log.
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
  const file = join(tempDir('fib-run-found-'), 'wf.json');
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
    ['workflow', 'create', 'prod/found', '--file', file],
    ['secret', 'set', 'P', '--env', 'production'],
    ['secret', 'set', 'P'],
  ]) {
    const r = await runCli(args, { env: emu.env, input: 'v' });
    expect(r.code, r.stderr).toBe(0);
  }
  const made = await runCli(
    ['auth', 'create-key', '--name', 'ci-exec', '--scope', 'execute', '--workflows', 'prod/*', '--json'],
    { env: emu.env },
  );
  expect(made.code, made.stderr).toBe(0);
  ci = { ...emu.env, FIBONACCI_API_KEY: (JSON.parse(made.stdout) as { key: string }).key };
}, 90_000);
afterAll(stopAllEmulators);

/** The requests a run made, read after another round trip (the owner's audit query left out). */
function sentSince(before: number): string[] {
  return emu
    .accessLog()
    .slice(before)
    .filter((l) => !l.path.startsWith('/api/v1/audit'))
    .map((l) => `${l.method} ${l.path} ${l.status}`);
}

async function deniedEvents(): Promise<unknown[]> {
  const r = await runCli(['audit', 'logs', '--event-type', 'access.denied', '--json'], { env: emu.env });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as unknown[];
}

describe('workflow run --env that names no environment', () => {
  it('an execute-only key is warned from the run itself: exit 0, no request more, no access.denied', async () => {
    const before = emu.accessLog().length;
    const r = await runCli(['workflow', 'run', 'prod/found', '--env', 'prodution'], { env: ci });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\nStatus: +completed\n/);
    expect(r.stderr).toBe('warning: there is no environment prodution; the run used shared secrets only\n');
    expect(await deniedEvents()).toEqual([]);
    expect(sentSince(before)).toEqual([
      'GET /api/v1/auth/me 200',
      'POST /api/v1/workflows/prod%2Ffound/execute 200',
    ]);
  });

  it('the run answer carries environment_found: false for the typo, true for a real one', async () => {
    const typo = await runCli(['workflow', 'run', 'prod/found', '--env', 'prodution', '--json'], { env: ci });
    expect(typo.code, typo.stderr).toBe(0);
    expect(JSON.parse(typo.stdout)).toMatchObject({ environment: 'prodution', environment_found: false });
    const real = await runCli(['workflow', 'run', 'prod/found', '--env', 'production', '--json'], {
      env: ci,
    });
    expect(real.code, real.stderr).toBe(0);
    expect(real.stderr).toBe('');
    expect(JSON.parse(real.stdout)).toMatchObject({ environment: 'production', environment_found: true });
  });

  it('without --env the run says nothing about environments', async () => {
    const r = await runCli(['workflow', 'run', 'prod/found', '--json'], { env: ci });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).not.toHaveProperty('environment_found');
  });

  it('the owner is refused the typo before the run, with the near name', async () => {
    const r = await runCli(['workflow', 'run', 'prod/found', '--env', 'prodution'], { env: emu.env });
    expect([r.code, r.stderr]).toEqual([
      12,
      'error: no environment prodution\nhint: did you mean production?\n',
    ]);
  });

  it('the owner running in a real environment lists environments once, before the execute', async () => {
    const before = emu.accessLog().length;
    const r = await runCli(['workflow', 'run', 'prod/found', '--env', 'production'], { env: emu.env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    await deniedEvents();
    const sent = sentSince(before);
    expect(sent.filter((l) => l.includes('/environments'))).toEqual(['GET /api/v1/environments 200']);
    expect(sent.at(-1)).toMatch(/^POST \/api\/v1\/workflows\/wf_[0-9a-f]{24}\/execute 200$/);
  });
});
