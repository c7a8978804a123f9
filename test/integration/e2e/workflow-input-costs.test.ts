// What one run's input may cost the emulator under an input_schema, through the built CLI: a
// `uniqueItems` over 40,000 arrays is checked in linear time (Ajv's pairwise check held the
// emulator's only thread for seconds of CPU), with the same words naming the two equal items;
// `patternProperties` against many keys stops at a budget of pattern tests; and an input that
// fails many branches at once lists its first violation only, where allErrors would have built an
// error object for every failing pair; and many subschemas applying to many items stop at a budget. CPU time of the emulator's process, not wall clock: load on
// the machine does not move it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;
let work: string;

beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
  work = tempDir();
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

/** The emulator process's user + system CPU time so far, in seconds (Linux /proc). */
function emulatorCpu(): number {
  const stat = readFileSync(`/proc/${emu.process.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const create = async (name: string, input_schema: unknown) => {
  const file = join(work, `${name}.json`);
  const def = { name: 'x', version: 1, nodes: [{ id: 'a', type: 'llm' }], edges: [], input_schema };
  writeFileSync(file, JSON.stringify(def));
  const r = await runCli(['workflow', 'create', `production/${name}`, '--file', file], { env: emu.env });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
};
const run = (name: string, input: unknown) => {
  const file = join(work, `${name}-input.json`);
  writeFileSync(file, JSON.stringify(input));
  return runCli(['workflow', 'run', `production/${name}`, '--input-file', file], { env: emu.env });
};

describe('uniqueItems: linear, the same words', () => {
  beforeAll(async () => {
    await create('uq', { type: 'object', properties: { a: { type: 'array', uniqueItems: true } } });
  }, 60_000);

  it('40,000 distinct arrays (309 KB) pass at a fraction of the pairwise CPU cost', async () => {
    const before = emulatorCpu();
    const r = await run('uq', { a: Array.from({ length: 40_000 }, (_, i) => [i]) });
    const spent = emulatorCpu() - before;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Status:\s+completed/);
    // Pairwise, these 800 million comparisons cost about 8 s of CPU; linear, well under one.
    expect(spent).toBeLessThan(2);
  }, 120_000);

  it('a duplicate is named by the last item equal to an earlier one and that earlier item', async () => {
    const r = await run('uq', { a: [{ k: 1, j: 2 }, [1], { j: 2, k: 1 }, [2], [1]] });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('  input.a: must not repeat an item (items 1 and 4 are equal)');
    expect(r.stderr).not.toContain('items 0 and 2');
    // Equal whatever the order of the keys, as Ajv's deep equality says.
    const keys = await run('uq', {
      a: [
        { k: 1, j: 2 },
        { j: 2, k: 1 },
      ],
    });
    expect(keys.stderr).toContain('  input.a: must not repeat an item (items 0 and 1 are equal)');
  });

  it('uniqueItems: false asks nothing', async () => {
    await create('uqf', { type: 'object', properties: { a: { type: 'array', uniqueItems: false } } });
    expect((await run('uqf', { a: [[1], [1]] })).code).toBe(0);
  });
});

describe('patternProperties x keys: a budget of pattern tests', () => {
  it('600 patterns against 20,000 keys is refused, at the input, in bounded CPU', async () => {
    const pp = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`^x${i}$`, {}]));
    await create('pp', { type: 'object', patternProperties: pp });
    const before = emulatorCpu();
    const r = await run('pp', Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, 1])));
    const spent = emulatorCpu() - before;
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      '  input: checking this input against the input_schema takes more than 1,000,000 pattern tests',
    );
    expect(spent).toBeLessThan(2);
    // The same schema against a form-sized input is checked as before.
    const ok = await run('pp', Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, 1])));
    expect(ok.code).toBe(0);
  }, 120_000);
});

describe('schema nodes x input nodes: a budget of steps', () => {
  it('300 `contains` over 100,000 items, each found only at the end, is refused in bounded CPU', async () => {
    const allOf = Array.from({ length: 300 }, (_, i) => ({ type: 'array', contains: { const: 100 + i } }));
    await create('steps', { type: 'object', properties: { a: { type: 'array', allOf } } });
    const a = [...Array.from({ length: 100_000 }, (_, i) => i % 10), ...allOf.map((_, i) => 100 + i)];
    const before = emulatorCpu();
    const r = await run('steps', { a });
    const spent = emulatorCpu() - before;
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      '  input: checking this input against the input_schema takes more than 2,000,000 steps',
    );
    // Unbounded, this valid input cost 14.6 s of CPU.
    expect(spent).toBeLessThan(4);
    // A short list that has every value passes.
    expect((await run('steps', { a: a.slice(-300) })).code).toBe(0);
  }, 120_000);
});

describe('many failing branches: the first violation, not one object per failing pair', () => {
  it('anyOf of 20 `items` against 20,000 numbers lists the first violation and says why', async () => {
    const branches = Array.from({ length: 20 }, (_, i) => ({
      type: 'array',
      items: { type: 'string', maxLength: i },
    }));
    await create('any', { type: 'object', properties: { a: { anyOf: branches } } });
    const r = await run('any', { a: Array.from({ length: 20_000 }, (_, i) => i) });
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toContain('  input.a.0: must be a string, not an integer');
    expect(lines.at(-1)).toBe(
      '  input: only the first violation is listed: listing every one for an input this large against this input_schema costs too much',
    );
    expect(r.stderr).not.toContain('more violations, not listed');
  }, 120_000);

  it('a small input still gets every violation', async () => {
    const r = await run('any', { a: [1, 2] });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('only the first violation');
    // Each branch's every failing item: the second item too, which a first-error pass never reaches.
    expect(r.stderr.match(/input\.a\.1: must be a string, not an integer/g)?.length).toBe(20);
  });
});
