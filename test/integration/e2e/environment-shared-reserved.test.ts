// `shared` is the shared scope's name wherever a scope is named (secret list, a run's error, the
// policy resource secrets/shared/NAME), so no environment may take it: the CLI's --env refuses it
// before any request, and every route that names an environment answers 422, storing nothing.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest } from '../../helpers/api-request.js';
import { openDataDb } from '../../helpers/db-state.js';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator();
  const file = join(tempDir('fib-shared-env-'), 'wf.json');
  writeFileSync(
    file,
    JSON.stringify({
      name: 's',
      version: 1,
      nodes: [{ id: 'a', type: 'llm', prompt: '{{secrets.SHX}}' }],
      edges: [],
    }),
  );
  const r = await runCli(['workflow', 'create', 'test/shared-env', '--file', file], { env: emu.env });
  expect(r.code, r.stderr).toBe(0);
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

const REFUSED = 'error: invalid --env "shared": shared is the shared scope\'s name, not an environment\'s';

describe('--env shared is refused before any request', () => {
  it.each([
    [['secret', 'delete', 'SHX', '--env', 'shared', '--yes']],
    [['secret', 'set', 'SHX', '--env', 'shared']],
    [['secret', 'list', '--env', 'shared']],
    [['workflow', 'run', 'test/shared-env', '--env', 'shared']],
  ])('%j: exit 2, the error and the way to the shared scope', async (args) => {
    const r = await runCli(args, { env: emu.env, input: 'sharedvalXYZ123' });
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toBe(`${REFUSED}\nhint: leave out --env for the shared scope\n`);
  });

  it('nothing was stored, and the listing shows one scope named shared', async () => {
    const set = await runCli(['secret', 'set', 'SHX'], { env: emu.env, input: 'realshared' });
    expect(set.code, set.stderr).toBe(0);
    const all = await runCli(['secret', 'list', '--all'], { env: emu.env });
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout.split('\n').filter((l) => l.startsWith('SHX'))).toHaveLength(1);
  });
});

const runCount = () => {
  const db = openDataDb(emu.dataDir);
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM runs').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('every route that names an environment answers 422 for shared', () => {
  const WORDS =
    "shared is the shared scope's name, not an environment's: leave environment out for the shared scope";
  it.each([
    ['PUT', '/api/v1/secrets/SHX?environment=shared', { value: 'sharedvalXYZ123' }],
    ['GET', '/api/v1/secrets?environment=shared', undefined],
    ['DELETE', '/api/v1/secrets/SHX?environment=shared', undefined],
    ['GET', '/api/v1/secrets/SHX?environment=shared', undefined],
    ['PUT', '/api/v1/secrets/SHX/rotation?environment=shared', { enabled: false }],
  ] as const)('%s %s: 422 in the one wording a body gets too (H14c-4)', async (method, path, body) => {
    const res = await apiRequest(emu, method, path, body === undefined ? {} : { body });
    expect(res.status).toBe(422);
    const [item] = (res.body as { detail: Array<{ loc: unknown[]; msg: string }> }).detail;
    expect(item?.loc).toEqual(['query', 'environment']);
    // A query's `shared` used to get the pattern's words ("…, and not shared (the shared scope)").
    expect(item?.msg).toBe(WORDS);
  });

  it('execute with "environment": "shared": 422 in the exact words, and no run stored', async () => {
    // The count is a real one: a run in the shared scope adds to it.
    const start = runCount();
    const ok = await apiRequest(emu, 'POST', '/api/v1/workflows/test%2Fshared-env/execute', { body: {} });
    expect(ok.status).toBe(200);
    const before = runCount();
    expect(before).toBe(start + 1);
    const res = await apiRequest(emu, 'POST', '/api/v1/workflows/test%2Fshared-env/execute', {
      body: { environment: 'shared' },
    });
    expect([res.status, res.body]).toEqual([
      422,
      { detail: [{ loc: ['body', 'environment'], msg: WORDS, type: 'string_pattern_mismatch' }] },
    ]);
    expect(runCount()).toBe(before);
  });
});
