// A tag alone on its line (`maxLength: !!str` with `5` below it) is a string to the upload and was
// a number to the gate's fast parser, which dropped the tag: security check passed a definition
// that `workflow create` refuses. The gate now reads such a text as the upload does, so the two
// say the same thing about the same file. The built CLI, the real emulator.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { check, makeTree } from '../../helpers/security-check.js';
import { runCli } from '../../helpers/spawn-cli.js';

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator();
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

const wf = (schemaLines: string) =>
  `name: t\nversion: 1\nnodes:\n  - id: a\n    type: llm\nedges: []\ninput_schema:\n  type: object\n${schemaLines}`;

describe('a tag alone on its line: the gate and the upload read one value', () => {
  it('`maxLength: !!str` / `5`: a finding in the gate, and create refuses it in the same words', async () => {
    const root = makeTree({ 'wf.yaml': wf('  maxLength: !!str\n    5\n') });
    const scan = await check(root, ['--json']);
    expect(scan.code, scan.stderr).toBe(11);
    const found = (JSON.parse(scan.stdout) as { findings: Array<{ rule: string; message: string }> })
      .findings;
    expect(found.map((f) => [f.rule, f.message])).toEqual([
      ['input-schema-invalid', 'input_schema.maxLength: must be an integer, not a string'],
    ]);
    const r = await runCli(['workflow', 'create', 'test/tagline', '--file', join(root, 'wf.yaml')], {
      env: emu.env,
    });
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toContain('  definition.input_schema.maxLength: must be an integer, not a string\n');
  });

  it("the tag on the value's own line is read alike by both, and passes", async () => {
    const root = makeTree({ 'wf.yaml': wf('  properties:\n    pin: {const: !!str 0x1F}\n') });
    const scan = await check(root, ['--json']);
    expect(scan.code, scan.stdout).toBe(0);
    const r = await runCli(['workflow', 'create', 'test/tagsame', '--file', join(root, 'wf.yaml')], {
      env: emu.env,
    });
    expect(r.code, r.stderr).toBe(0);
  });
});
