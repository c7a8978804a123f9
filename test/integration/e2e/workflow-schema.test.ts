// A workflow's input_schema through the real emulator and the built CLI: every mistake of a schema
// in one 422 (and one finding each in security check), a schema whose validation could never end
// refused in fixed words (and, stored before that check, a 422 at execute, never a 500), and an
// input with more violations than the cap told how many were not listed, each key printed so that
// `a.b` is not the nested a → b.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENDLESS_REF } from '../../../src/lib/input-schema.js';
import { apiRequest } from '../../helpers/api-request.js';
import { openDataDb } from '../../helpers/db-state.js';
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
const detail = (body: unknown) =>
  (body as { detail: Array<{ loc: unknown[]; msg: string; type: string }> }).detail;

const FOUR_MISTAKES = {
  type: 'object',
  properties: { a: { type: 'strin' }, b: { minimum: 'x' }, c: { format: 'emial' }, d: { requird: true } },
};

describe('input_schema: every problem at once', () => {
  it('the 422, the CLI and security check each list all four mistakes', async () => {
    const res = await apiRequest(emu, 'POST', '/api/v1/workflows', {
      body: { name: 'four', definition: definition(FOUR_MISTAKES) },
    });
    expect(res.status).toBe(422);
    expect(detail(res.body).map((d) => [d.loc.slice(3).join('.'), d.msg])).toEqual([
      [
        'properties.a.type',
        '"strin" is not a JSON Schema type (array, boolean, integer, null, number, object, string)',
      ],
      ['properties.b.minimum', 'must be a number, not a string'],
      ['properties.c.format', 'unknown format "emial"'],
      ['properties.d.requird', 'strict mode: unknown keyword: "requird"'],
    ]);

    const r = await create('four', definition(FOUR_MISTAKES));
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr.split('\n').slice(1)).toEqual([
      '  definition.input_schema.properties.a.type: "strin" is not a JSON Schema type (array, boolean, integer, null, number, object, string)',
      '  definition.input_schema.properties.b.minimum: must be a number, not a string',
      '  definition.input_schema.properties.c.format: unknown format "emial"',
      '  definition.input_schema.properties.d.requird: strict mode: unknown keyword: "requird"',
      '',
    ]);

    const root = makeTree({ 'four.json': JSON.stringify(definition(FOUR_MISTAKES)) });
    const scan = await check(root, ['--json']);
    expect(scan.code).toBe(11);
    const found = (JSON.parse(scan.stdout) as { findings: Array<{ rule: string; message: string }> })
      .findings;
    expect(found.filter((f) => f.rule === 'input-schema-invalid').map((f) => f.message)).toEqual([
      'input_schema.properties.a.type: "strin" is not a JSON Schema type (array, boolean, integer, null, number, object, string)',
      'input_schema.properties.b.minimum: must be a number, not a string',
      'input_schema.properties.c.format: unknown format "emial"',
      'input_schema.properties.d.requird: strict mode: unknown keyword: "requird"',
    ]);
  });
});

describe('a create with more problems than one 422 lists', () => {
  it('60 duplicate node ids: 49 listed, then how many more, in the 422 and the CLI', async () => {
    const nodes = Array.from({ length: 61 }, () => ({ id: 'a', type: 'llm' }));
    const def = { name: 'x', version: 1, nodes, edges: [] };
    const res = await apiRequest(emu, 'POST', '/api/v1/workflows', {
      body: { name: 'dups', definition: def },
    });
    expect(res.status).toBe(422);
    expect(detail(res.body)).toHaveLength(50);
    expect(detail(res.body)[49]).toEqual({
      loc: ['body', 'definition'],
      msg: 'and 11 more problems, not listed',
      type: 'too_many_errors',
    });
    const r = await create('dups', def);
    const lines = r.stderr.trimEnd().split('\n');
    expect([r.code, lines.length, lines[50]]).toEqual([
      2,
      51,
      '  definition: and 11 more problems, not listed',
    ]);
  });
});

describe('input_schema: a $ref that leads back to itself without a step', () => {
  const ENDLESS: Array<[string, unknown, string]> = [
    ['selfref', { $ref: '#' }, ''],
    ['dyn', { $dynamicRef: '#meta' }, ''],
    ['cyc', { $defs: { a: { $ref: '#/$defs/b' }, b: { $ref: '#/$defs/a' } }, $ref: '#/$defs/a' }, '.$defs.b'],
  ];
  it.each(ENDLESS)(
    '%s: refused at create and by security check, in fixed words',
    async (name, schema, at) => {
      const r = await create(name, definition(schema));
      expect([r.code, r.stdout]).toEqual([2, '']);
      expect(r.stderr.split('\n').slice(1)).toEqual([`  definition.input_schema${at}: ${ENDLESS_REF}`, '']);
      expect(r.stderr).not.toContain('call stack');
      const scan = await check(makeTree({ [`${name}.json`]: JSON.stringify(definition(schema)) }), [
        '--json',
      ]);
      expect(scan.code).toBe(11);
      const found = (JSON.parse(scan.stdout) as { findings: Array<{ message: string }> }).findings;
      expect(found.map((f) => f.message)).toEqual([`input_schema${at}: ${ENDLESS_REF}`]);
    },
  );

  it('a recursion that steps into the input is accepted, and a bad input is a 422 at its place', async () => {
    const schema = { type: 'object', properties: { x: { $ref: '#' } }, additionalProperties: false };
    expect((await create('nested', definition(schema))).code).toBe(0);
    const res = await apiRequest(emu, 'POST', '/api/v1/workflows/production%2Fnested/execute', {
      body: { input_data: { x: { x: { y: 1 } } } },
    });
    expect([res.status, detail(res.body)]).toEqual([
      422,
      [
        {
          loc: ['body', 'input_data', 'x', 'x', 'y'],
          msg: 'is not a property the input_schema allows',
          type: 'additionalProperties',
        },
      ],
    ]);
  });

  it('stored before create refused it: each run is a 422 in the same words, never a 500', async () => {
    expect((await create('stored', definition({ type: 'object' }))).code).toBe(0);
    const db = openDataDb(emu.dataDir);
    try {
      db.prepare('UPDATE workflows SET definition = ? WHERE name = ?').run(
        JSON.stringify(definition({ $ref: '#' })),
        'production/stored',
      );
    } finally {
      db.close();
    }
    const res = await apiRequest(emu, 'POST', '/api/v1/workflows/production%2Fstored/execute', { body: {} });
    expect(res.status).toBe(422);
    expect(detail(res.body)).toEqual([
      {
        loc: ['body', 'input_data'],
        msg: `the workflow's input_schema is not valid (input_schema: ${ENDLESS_REF}); recreate the workflow`,
        type: 'value_error',
      },
    ]);
    expect(emu.stderr()).not.toContain('RangeError');
  });
});

describe('input violations: past the cap, and keys a dot would make ambiguous', () => {
  const strict = { type: 'object', additionalProperties: false, properties: { email: { type: 'string' } } };
  it('100 extra keys: 50 listed, then how many more; the CLI prints that line too', async () => {
    expect((await create('s', definition(strict))).code).toBe(0);
    const input = {
      email: 'a@b.co',
      ...Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, 1])),
    };
    const res = await apiRequest(emu, 'POST', '/api/v1/workflows/production%2Fs/execute', {
      body: { input_data: input },
    });
    expect(res.status).toBe(422);
    expect(detail(res.body)).toHaveLength(51);
    expect(detail(res.body)[50]).toEqual({
      loc: ['body', 'input_data'],
      msg: 'and 50 more violations, not listed',
      type: 'too_many_violations',
    });
    const file = join(work, 'many-in.json');
    writeFileSync(file, JSON.stringify(input));
    const r = await runCli(['workflow', 'run', 'production/s', '--input-file', file], { env: emu.env });
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(52);
    expect(lines[50]).toBe('  input.k49: is not a property the input_schema allows');
    expect(lines[51]).toBe('  input: and 50 more violations, not listed');
  });

  it('a key holding a dot, or only digits, is printed in brackets', async () => {
    const file = join(work, 'dot.json');
    writeFileSync(file, JSON.stringify({ email: 'a@b.co', 'a.b': 1, '7': 1 }));
    const r = await runCli(['workflow', 'run', 'production/s', '--input-file', file], { env: emu.env });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').slice(1).sort()).toEqual(
      [
        '',
        '  input["7"]: is not a property the input_schema allows',
        '  input["a.b"]: is not a property the input_schema allows',
      ].sort(),
    );
  });
});
