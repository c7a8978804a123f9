// Two users' workflows whose input_schemas embed the same `$id` (H14c-5): the emulator compiles
// every input_schema in one shared Ajv, and a nested `$id` of the first stayed registered there, so
// the second's runs failed ("already exists", recreate the workflow) whatever their input. Each
// run is judged by its own workflow's schema, through the built CLI against the emulator.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;
let work: string;
let other: Record<string, string>;

beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
  work = tempDir();
  other = { ...emu.env, FIBONACCI_API_KEY: await emu.addUser('admin', ['--name', 'other']) };
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

const ID = 'https://example.com/s';

const create = async (env: Record<string, string>, name: string, input_schema: unknown) => {
  const file = join(work, `${name}.json`);
  const def = { name: 'x', version: 1, nodes: [{ id: 'a', type: 'llm' }], edges: [], input_schema };
  writeFileSync(file, JSON.stringify(def));
  const r = await runCli(['workflow', 'create', `production/${name}`, '--file', file], { env });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
};
const run = (env: Record<string, string>, name: string, input: unknown) => {
  const file = join(work, `${name}-input.json`);
  writeFileSync(file, JSON.stringify(input));
  return runCli(['workflow', 'run', `production/${name}`, '--input-file', file], { env });
};

describe('the same $id in two users’ input_schemas', () => {
  it('each run is judged by its own workflow’s schema, nested or at the root', async () => {
    // The owner's: a nested $id, and a $ref to it.
    await create(emu.env, 'first', {
      type: 'object',
      properties: { v: { $ref: ID } },
      $defs: { s: { $id: ID, type: 'string' } },
    });
    const mine = await run(emu.env, 'first', { v: 'x' });
    expect(mine.stderr).toBe('');
    expect(mine.code).toBe(0);

    // Another user's: the same id at its root, then nested with a $ref to it.
    await create(other, 'second', { $id: ID, type: 'object', properties: { v: { type: 'number' } } });
    await create(other, 'third', {
      type: 'object',
      properties: { v: { $ref: ID } },
      $defs: { s: { $id: ID, type: 'boolean' } },
    });
    const second = await run(other, 'second', { v: 1 });
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    const third = await run(other, 'third', { v: true });
    expect(third.stderr).toBe('');
    expect(third.code).toBe(0);

    const wrong = await run(other, 'third', { v: 'x' });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('  input.v: must be a boolean (true or false), not a string');
    expect(wrong.stderr).not.toContain('recreate the workflow');
    // And the first still has its own verdict.
    const back = await run(emu.env, 'first', { v: 1 });
    expect(back.code).toBe(2);
    expect(back.stderr).toContain('  input.v: must be a string, not an integer');
  }, 120_000);
});
