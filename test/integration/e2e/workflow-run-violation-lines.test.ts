// One line per violation, each at its own place (H-wf-6): a dependentRequired naming two missing
// properties printed the same line twice (Ajv's sentence naming both, on the parent), and a property
// name failing propertyNames printed two lines at the parent ("property name must be valid" after
// the pattern), neither naming the property.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest } from '../../helpers/api-request.js';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;

beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
  const input_schema = {
    type: 'object',
    properties: {
      dr: { type: 'object', dependentRequired: { a: ['b', 'c'] } },
      pn: { type: 'object', propertyNames: { pattern: '^[a-z]+$' } },
    },
  };
  const file = join(tempDir(), 'v.json');
  const nodes = [{ id: 'a', type: 'llm' }];
  writeFileSync(file, JSON.stringify({ name: 'v', version: 1, nodes, edges: [], input_schema }));
  const r = await runCli(['workflow', 'create', 'test/v', '--file', file], { env: emu.env });
  expect(r.code, r.stderr).toBe(0);
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

describe('workflow run: violations', () => {
  it('each on its own line, at the property it is about', async () => {
    const input = { dr: { a: 1 }, pn: { BAD: 1, ok: 2 } };
    const r = await runCli(['workflow', 'run', 'test/v', '--input', JSON.stringify(input)], {
      env: emu.env,
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').filter((l) => l.startsWith('  '))).toEqual([
      '  input.dr.b: is required when property a is present',
      '  input.dr.c: is required when property a is present',
      '  input.pn.BAD: its name must match the pattern "^[a-z]+$"',
    ]);
    const api = await apiRequest(emu, 'POST', '/api/v1/workflows/test%2Fv/execute', {
      body: { input_data: input },
    });
    expect(api.status).toBe(422);
    expect((api.body as { detail: { loc: unknown[] }[] }).detail.map((d) => d.loc)).toEqual([
      ['body', 'input_data', 'dr', 'b'],
      ['body', 'input_data', 'dr', 'c'],
      ['body', 'input_data', 'pn', 'BAD'],
    ]);
  });
});
