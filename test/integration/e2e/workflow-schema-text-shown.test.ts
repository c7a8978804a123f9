// Harmless text of an input_schema (a pattern, a format, an enum's or a const's value, a key of
// patternProperties) is shown, JSON-escaped, where a run's 422, a create's 422 or `security check`
// quotes it (H14c-9: the name shape hid `^[A-Z]{2}-\d{4}$` and `date time` as "a value of N
// characters", and cut the place before `^x-[a-z]+$`); what looks like a credential is still said
// by its length. Through the built CLI against the emulator.
import { writeFileSync } from 'node:fs';
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

const write = (name: string, input_schema: unknown) => {
  const file = join(work, `${name}.json`);
  const def = { name: 'x', version: 1, nodes: [{ id: 'a', type: 'llm' }], edges: [], input_schema };
  writeFileSync(file, JSON.stringify(def));
  return file;
};
const PASSWORD = `${'Tr0ub4'}${'dor-3-horse'}`;

describe('schema text in the words of a 422 and of the gate', () => {
  it("a run's violations name the pattern, the enum's and the const's values", async () => {
    const file = write('shown', {
      type: 'object',
      properties: {
        code: { type: 'string', pattern: '^[A-Z]{2}-\\d{4}$' },
        country: { enum: ['United States', 'New Zealand'] },
        tag: { const: 'release candidate' },
      },
    });
    const made = await runCli(['workflow', 'create', 'production/shown', '--file', file], { env: emu.env });
    expect(made.code).toBe(0);
    const input = join(work, 'shown-input.json');
    writeFileSync(input, JSON.stringify({ code: 'abc', country: 'Mars', tag: 'x' }));
    const r = await runCli(['workflow', 'run', 'production/shown', '--input-file', input], { env: emu.env });
    expect(r.code).toBe(2);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('  '));
    expect(lines).toEqual([
      '  input.code: must match the pattern "^[A-Z]{2}-\\\\d{4}$"',
      '  input.country: must be one of "United States", "New Zealand"',
      '  input.tag: must be "release candidate"',
    ]);
  });

  it('a create and the gate name a format and a patternProperties key; a password-like format is not repeated', async () => {
    const file = write('bad', {
      type: 'object',
      properties: {
        when: { type: 'string', format: 'date time' },
        secret: { type: 'string', format: PASSWORD },
      },
      patternProperties: { '^x-[a-z]+$': { type: 'strin' } },
    });
    const expected = [
      'input_schema.properties.when.format: unknown format "date time"',
      `input_schema.properties.secret.format: unknown format a value of ${PASSWORD.length} characters`,
      'input_schema.patternProperties["^x-[a-z]+$"].type: "strin" is not a JSON Schema type (array, boolean, integer, null, number, object, string)',
    ];
    const gate = await check(work, ['--json', file]);
    expect(gate.code).toBe(11);
    expect(JSON.parse(gate.stdout).findings.map((f: { message: string }) => f.message)).toEqual(expected);
    const r = await runCli(['workflow', 'create', 'production/bad', '--file', file], { env: emu.env });
    expect(r.code).toBe(2);
    for (const line of expected) expect(r.stderr).toContain(`  definition.${line}\n`);
    expect(r.stderr).not.toContain(PASSWORD);
    expect(gate.stdout).not.toContain(PASSWORD);
  });
});
