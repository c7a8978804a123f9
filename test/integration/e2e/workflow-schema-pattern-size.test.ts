// A pattern too big once compiled (H14c-2: counted repetitions multiplied out, or a long
// alternation) is refused at create with its place, and `security check` says the same (one judge,
// src/lib/input-schema-pattern-size.ts); one within the bounds is weighed at execute by its size
// times the text's length (H14c-7), so a long string against it stops at the budget instead of
// holding the emulator's thread for seconds. CPU time of the emulator process, not wall clock.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { check } from '../../helpers/security-check.js';
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

function emulatorCpu(): number {
  const stat = readFileSync(`/proc/${emu.process.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const write = (name: string, input_schema: unknown) => {
  const file = join(work, `${name}.json`);
  const def = { name: 'x', version: 1, nodes: [{ id: 'a', type: 'llm' }], edges: [], input_schema };
  writeFileSync(file, JSON.stringify(def));
  return file;
};
const create = (name: string, file: string) =>
  runCli(['workflow', 'create', `production/${name}`, '--file', file], { env: emu.env });

const TOO_BIG =
  'a pattern that compiles to 20,020 instructions (its counted repetitions multiplied out) is more than the 5,000 allowed; not compiled';

describe('a pattern too big once compiled', () => {
  it('is refused at create at its place, in bounded CPU, and the gate says the same', async () => {
    const file = write('big', {
      type: 'object',
      properties: { code: { type: 'string', pattern: '[a-z]{1000}'.repeat(20) } },
    });
    const gate = await check(work, ['--json', file]);
    expect(gate.code).toBe(11);
    expect(JSON.parse(gate.stdout).findings.map((f: { message: string }) => f.message)).toEqual([
      `input_schema.properties.code.pattern: ${TOO_BIG}`,
    ]);
    const before = emulatorCpu();
    const r = await create('big', file);
    expect(emulatorCpu() - before).toBeLessThan(1);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`definition.input_schema.properties.code.pattern: ${TOO_BIG}`);
    expect(r.stdout).toBe('');
  });

  it('nested counted repetitions, and the pattern that brings the schema past 20,000', async () => {
    const nested = await create('nested', write('nested', { type: 'string', pattern: '((a{50}){50}){50}' }));
    expect(nested.code).toBe(2);
    expect(nested.stderr).toContain(
      'definition.input_schema.pattern: a pattern that compiles to 130,101 instructions',
    );
    const properties = Object.fromEntries(
      Array.from({ length: 6 }, (_, i) => [
        `p${i}`,
        { type: 'string', pattern: `${i}[a-z]{1000}`.repeat(4) },
      ]),
    );
    const many = await create('many', write('many', { type: 'object', properties }));
    expect(many.code).toBe(2);
    expect(many.stderr).toContain(
      "definition.input_schema.properties.p4.pattern: this pattern brings the input_schema's patterns to 20,040 compiled instructions together, more than the 20,000 allowed; not compiled",
    );
  });
});

describe('a pattern within the bounds, at execute', () => {
  it('a long string against 4,004 instructions stops at the pattern budget in bounded CPU', async () => {
    const file = write('wide', {
      type: 'object',
      properties: { v: { type: 'string', pattern: `${'[a-z]{1000}'.repeat(4)}$` } },
    });
    const made = await create('wide', file);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    const input = join(work, 'wide-input.json');
    writeFileSync(input, JSON.stringify({ v: 'a'.repeat(60_000) }));
    const before = emulatorCpu();
    const r = await runCli(['workflow', 'run', 'production/wide', '--input-file', input], { env: emu.env });
    // Charged by the text's length alone, its two tests (first violation, then every one) took
    // about 6 s of CPU.
    expect(emulatorCpu() - before).toBeLessThan(1.5);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      '  input: checking this input against the input_schema takes more than 1,000,000 pattern tests',
    );
  }, 120_000);
});
