// Valid draft 2020-12 input_schemas pass both the gate (security check) and the create, through the
// built CLI and the real emulator: `$anchor` reached through `$ref`, and the spec's formats
// `idn-hostname` (checked at execute), `iri`, `iri-reference` and `idn-email` (annotations). And a
// `$ref` loop beside a meta-schema problem is listed with it, at create and in the gate.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest } from '../../helpers/api-request.js';
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

const wf = (input_schema: unknown) => ({
  name: 'x',
  version: 1,
  nodes: [{ id: 'a', type: 'llm' }],
  edges: [],
  input_schema,
});
const write = (name: string, def: unknown) => {
  const file = join(work, `${name}.json`);
  writeFileSync(file, JSON.stringify(def));
  return file;
};
const create = (name: string, file: string) =>
  runCli(['workflow', 'create', `test/${name}`, '--file', file], { env: emu.env });

const ANCHORED = {
  type: 'object',
  $defs: { a: { $anchor: 'x', type: 'string' } },
  properties: { p: { $ref: '#x' } },
};
const FORMATS = {
  type: 'object',
  properties: Object.fromEntries(
    ['iri', 'iri-reference', 'idn-email', 'idn-hostname'].map((f) => [f, { type: 'string', format: f }]),
  ),
};

describe('input_schema: what draft 2020-12 defines is accepted', () => {
  it('$anchor through $ref, and the idn/iri formats: no finding, created, and validated at execute', async () => {
    const files = { anchored: write('anchored', wf(ANCHORED)), formats: write('formats', wf(FORMATS)) };
    const gate = await check(work, ['--json', files.anchored, files.formats]);
    expect(gate.stderr).toBe('');
    expect(JSON.parse(gate.stdout).findings).toEqual([]);
    expect(gate.code).toBe(0);
    for (const [name, file] of Object.entries(files)) {
      const r = await create(name, file);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    // The anchored subschema applies through the reference; idn-hostname is checked, not only allowed.
    const run = (name: string, input: object) =>
      apiRequest(emu, 'POST', `/api/v1/workflows/${encodeURIComponent(`test/${name}`)}/execute`, {
        body: { input_data: input },
      });
    const bad = await run('anchored', { p: 7 });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain('"loc":["body","input_data","p"]');
    expect((await run('anchored', { p: 'ok' })).status).toBe(200);
    expect(
      (await run('formats', { 'idn-hostname': 'bücher.example', iri: 'https://例え.jp/ä' })).status,
    ).toBe(200);
    const host = await run('formats', { 'idn-hostname': 'not a host' });
    expect(host.status).toBe(422);
    expect(JSON.stringify(host.body)).toContain('must match format \\"idn-hostname\\"');
  });

  it('a $ref loop beside meta-schema problems is listed with them, in the gate and at create', async () => {
    const file = write(
      'loop',
      wf({
        type: 'object',
        properties: { a: { type: 'strin' }, b: { minimum: 'x' }, c: { $ref: '#/properties/c' } },
      }),
    );
    const gate = await check(work, ['--json', file]);
    expect(gate.code).toBe(11);
    const found = JSON.parse(gate.stdout).findings.map((f: { message: string }) => f.message);
    expect(found).toEqual([
      'input_schema.properties.a.type: "strin" is not a JSON Schema type (array, boolean, integer, null, number, object, string)',
      'input_schema.properties.b.minimum: must be a number, not a string',
      expect.stringMatching(/^input_schema\.properties\.c: a \$ref that leads back to itself/),
    ]);
    const r = await create('loop', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'definition.input_schema.properties.a.type: "strin" is not a JSON Schema type (array, boolean, integer, null, number, object, string)',
    );
    expect(r.stderr).toContain(
      'definition.input_schema.properties.b.minimum: must be a number, not a string',
    );
    expect(r.stderr).toMatch(/definition\.input_schema\.properties\.c: a \$ref that leads back to itself/);
  });

  it('an unknown $-keyword is named, not masked as a secret', async () => {
    const file = write('dollar', wf({ type: 'object', properties: { p: { type: 'string', $anchr: 'x' } } }));
    const gate = await check(work, ['--json', file]);
    expect(gate.code).toBe(11);
    expect(JSON.parse(gate.stdout).findings.map((f: { message: string }) => f.message)).toEqual([
      'input_schema.properties.p.$anchr: strict mode: unknown keyword: "$anchr"',
    ]);
    const r = await create('dollar', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown keyword: "$anchr"');
  });
});
