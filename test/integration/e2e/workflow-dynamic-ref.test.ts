// `$dynamicRef` through the real emulator and the built CLI: a form Ajv would validate against the
// wrong schema (an anchor below the root, a JSON pointer, a name no root anchor has) is refused at
// create and found by security check, each at its place; the form it validates as draft 2020-12
// says (the root's own `$dynamicAnchor`) is stored, and an input it forbids does not run.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest } from '../../helpers/api-request.js';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { check, makeTree } from '../../helpers/security-check.js';
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

const definition = (input_schema: unknown) => ({
  name: 'x',
  version: 1,
  nodes: [{ id: 'a', type: 'llm' }],
  edges: [],
  input_schema,
});
const create = (name: string, def: unknown) => {
  const file = join(work, `${name}.json`);
  writeFileSync(file, JSON.stringify(def));
  return runCli(['workflow', 'create', `production/${name}`, '--file', file], { env: emu.env });
};

const BELOW_ROOT = {
  type: 'object',
  $defs: { a: { $dynamicAnchor: 'A', type: 'string' } },
  properties: { p: { $dynamicRef: '#A' } },
};

describe('$dynamicRef that Ajv would resolve to the root', () => {
  it('an anchor in $defs: refused at create, naming both places, and by security check', async () => {
    const r = await create('below', definition(BELOW_ROOT));
    expect([r.code, r.stdout]).toEqual([2, '']);
    const lines = r.stderr.split('\n');
    expect(lines[0]).toMatch(/^error: /);
    expect(lines.slice(1, 3)).toEqual([
      expect.stringMatching(
        /^ {2}definition\.input_schema\.\$defs\.a: \$dynamicAnchor is supported beside a \$dynamicRef only at the schema's root/,
      ),
      expect.stringMatching(
        /^ {2}definition\.input_schema\.properties\.p: \$dynamicRef is supported only as # or as #NAME with NAME the \$dynamicAnchor at the schema's root/,
      ),
    ]);
    const listed = await runCli(['workflow', 'list', '--json'], { env: emu.env });
    expect(listed.stdout).not.toContain('production/below');

    const scan = await check(makeTree({ 'below.json': JSON.stringify(definition(BELOW_ROOT)) }), ['--json']);
    expect(scan.code).toBe(11);
    const found = (JSON.parse(scan.stdout) as { findings: Array<{ rule: string; message: string }> })
      .findings;
    expect(found.map((f) => [f.rule, f.message.split(':')[0]])).toEqual([
      ['input-schema-invalid', 'input_schema.$defs.a'],
      ['input-schema-invalid', 'input_schema.properties.p'],
    ]);
  });

  it.each([
    ['pointer', { $defs: { s: { type: 'string' } }, properties: { p: { $dynamicRef: '#/$defs/s' } } }],
    ['noanchor', { $dynamicAnchor: 'B', properties: { p: { $dynamicRef: '#C', type: 'string' } } }],
    ['embedded', { $dynamicAnchor: 'A', properties: { p: { $id: 'https://e.test/p', $dynamicRef: '#A' } } }],
  ])('%s: refused at create (exit 2), nothing stored', async (name, schema) => {
    const r = await create(name, definition(schema));
    expect([r.code, r.stdout, r.stderr]).toEqual([
      2,
      '',
      expect.stringMatching(/input_schema\.properties\.p: \$(id|dynamicRef) /),
    ]);
    const res = await apiRequest(emu, 'GET', `/api/v1/workflows/production%2F${name}`);
    expect(res.status).toBe(404);
  });
});

describe('$dynamicRef to the root anchor: validated as draft 2020-12 says', () => {
  const TREE = {
    $dynamicAnchor: 'node',
    type: 'object',
    properties: { value: { type: 'string' }, child: { $dynamicRef: '#node' } },
  };
  it('is stored; a valid input runs, one the schema forbids is a 422 at its place', async () => {
    expect((await create('tree', definition(TREE))).code).toBe(0);
    const ok = await apiRequest(emu, 'POST', '/api/v1/workflows/production%2Ftree/execute', {
      body: { input_data: { value: 'a', child: { value: 'b' } } },
    });
    expect(ok.status).toBe(200);
    const bad = await apiRequest(emu, 'POST', '/api/v1/workflows/production%2Ftree/execute', {
      body: { input_data: { value: 'a', child: { value: 5 } } },
    });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain('"child","value"');
  });
});
