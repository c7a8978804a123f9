// What a newcomer reads from `workflow run` and `workflow create` against the emulator: a run's
// duration shown as something true (the emulator's runs take microseconds: `0.000s` read as a bug),
// and a definition's shape problems in the words its other problems and the gate use (`is required`,
// `must be one of …`), never pydantic's (`Field required`). The built CLI, the real emulator.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest } from '../../helpers/api-request.js';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;
let work: string;
beforeAll(async () => {
  emu = await startEmulator();
  work = tempDir('fib-words-');
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

const create = (name: string, def: unknown) => {
  const file = join(work, `${name}.json`);
  writeFileSync(file, JSON.stringify(def));
  return runCli(['workflow', 'create', `test/${name}`, '--file', file], { env: emu.env });
};

describe('workflow run: the duration', () => {
  it('an emulator run reads as under 1 ms or in ms, never 0.000s', async () => {
    const made = await create('quick', {
      name: 'q',
      version: 1,
      nodes: [{ id: 'a', type: 'llm' }],
      edges: [],
    });
    expect(made.code, made.stderr).toBe(0);
    const r = await runCli(['workflow', 'run', 'test/quick'], { env: emu.env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\nDuration: +(?:under 1 ms|\d+(?:\.\d)? ms)\n/);
    expect(r.stdout).not.toContain('0.000');
    // --json keeps the server's number as it came.
    const json = await runCli(['workflow', 'run', 'test/quick', '--json'], { env: emu.env });
    expect(typeof (JSON.parse(json.stdout) as { duration_seconds: unknown }).duration_seconds).toBe('number');
  });
});

describe('workflow create: a definition shape problem in the tool words', () => {
  const BAD = {
    name: 'b',
    version: 1,
    nodes: [{ id: 'a', type: 'llm' }, { id: 'b' }, { id: 'c', type: 'planner' }, { id: 7, type: 'tool' }],
    edges: [{ from: 'a', to: 'b', weight: 1 }],
  };

  it('each problem at its place: is required, must be one of, must be a string, not a field', async () => {
    const r = await create('bad', BAD);
    expect([r.code, r.stdout]).toEqual([2, '']);
    const lines = r.stderr.trimEnd().split('\n').slice(1).sort();
    expect(lines).toEqual(
      [
        '  definition.nodes.1.type: is required',
        '  definition.nodes.2.type: must be one of "llm", "tool", "critic", "condition", not "planner"',
        '  definition.nodes.3.id: must be a string, not an integer',
        '  definition.edges.0.weight: is not a field allowed here',
      ].sort(),
    );
    expect(r.stderr).not.toMatch(/Field required|Input should|Extra inputs/);
  });

  it('the 422 keeps FastAPI type codes; the rest of the body keeps its own words', async () => {
    const res = await apiRequest(emu, 'POST', '/api/v1/workflows', { body: { definition: BAD } });
    expect(res.status).toBe(422);
    const detail = (res.body as { detail: Array<{ loc: unknown[]; msg: string; type: string }> }).detail;
    expect(detail).toContainEqual({
      loc: ['body', 'definition', 'nodes', 1, 'type'],
      msg: 'is required',
      type: 'missing',
    });
    expect(detail).toContainEqual({ loc: ['body', 'name'], msg: 'Field required', type: 'missing' });
  });
});
