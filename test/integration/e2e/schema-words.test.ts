// Schema and input messages that name what is wrong, through the built CLI and the real emulator:
// a bad `type` names the value and the seven types, a missing input is "is required" once, an enum
// names the allowed values from the workflow's own schema and never the value sent, and the gate
// (`security check`) says each input_schema problem in the same words and dotted place as create.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../../helpers/emulator.js';
import { check, makeTree } from '../../helpers/security-check.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;
let work: string;
beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
  work = tempDir('fib-schema-words-');
}, 90_000);
afterAll(stopAllEmulators);

const TYPES = '(array, boolean, integer, null, number, object, string)';
const definition = (input_schema: unknown) => ({
  name: 'w',
  version: 1,
  nodes: [{ id: 'a', type: 'llm' }],
  edges: [],
  input_schema,
});
async function create(name: string, input_schema: unknown) {
  const file = join(work, `${name}.json`);
  writeFileSync(file, JSON.stringify(definition(input_schema)));
  return runCli(['workflow', 'create', `prod/${name}`, '--file', file], { env: emu.env });
}

const BAD_SCHEMA = {
  type: 'object',
  properties: {
    email: { type: 'objekt' },
    tags: { type: ['string', 'lisst'] },
    size: { minimum: 'x' },
    code: { maxLength: -1 },
    kind: { minItems: 1.5 },
  },
  required: ['email', 'email'],
};
const SCHEMA_LINES = [
  `input_schema.properties.email.type: "objekt" is not a JSON Schema type ${TYPES}`,
  `input_schema.properties.tags.type.1: "lisst" is not a JSON Schema type ${TYPES}`,
  'input_schema.properties.size.minimum: must be a number, not a string',
  'input_schema.properties.code.maxLength: must be at least 0',
  'input_schema.properties.kind.minItems: must be an integer, not a number with a fraction',
  'input_schema.required: must not repeat an item (items 0 and 1 are equal)',
];

describe('input_schema problems: the value, the allowed ones, a dotted place; gate and create alike', () => {
  it('workflow create lists each at definition.<place>, exit 2', async () => {
    const r = await create('bad', BAD_SCHEMA);
    expect([r.code, r.stdout]).toEqual([2, '']);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('  '));
    expect(lines).toEqual(SCHEMA_LINES.map((l) => `  definition.${l}`));
    expect(r.stderr).not.toContain('must be equal to one of the allowed values');
  });

  it('security check says the same words at the same places', async () => {
    const root = makeTree({ 'bad.json': JSON.stringify(definition(BAD_SCHEMA)) });
    const scan = await check(root, ['--json']);
    const found = (JSON.parse(scan.stdout) as { findings: Array<{ rule: string; message: string }> }).findings
      .filter((f) => f.rule === 'input-schema-invalid')
      .map((f) => f.message);
    expect(found).toEqual(SCHEMA_LINES);
  });
});

describe('input violations: one sentence each, the input value never repeated', () => {
  it('workflow run lists every keyword a user meets in its own words, exit 2', async () => {
    const made = await create('words', {
      type: 'object',
      properties: {
        email: { type: 'string', format: 'email' },
        priority: { type: 'string', enum: ['low', 'high'] },
        ticket: { type: 'string' },
        mode: { type: 'string', const: 'fast' },
        count: { type: 'integer', minimum: 1, maximum: 9 },
        ratio: { type: 'number', exclusiveMaximum: 1 },
        name: { type: 'string', minLength: 2, maxLength: 5, pattern: '^[a-z]+$' },
        tags: { type: 'array', minItems: 1, maxItems: 2, uniqueItems: true },
        list: { type: 'array', maxItems: 1, uniqueItems: true },
        id: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
        one: { oneOf: [{ type: 'number' }, { type: 'integer' }] },
      },
      required: ['email', 'ticket'],
      additionalProperties: false,
    });
    expect(made.code, made.stderr).toBe(0);
    const secretish = `${'Tr0ub4'}${'dor&3x'}`;
    const input = {
      email: 'no-at-sign',
      priority: secretish,
      mode: 'slow',
      count: 'many',
      ratio: 2,
      name: 'ABCDEFG',
      tags: [],
      list: ['a', 'a'],
      id: true,
      one: 3,
      extra: 1,
    };
    const r = await runCli(['workflow', 'run', 'prod/words', '--input', JSON.stringify(input)], {
      env: emu.env,
    });
    expect([r.code, r.stdout]).toEqual([2, '']);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('  '));
    expect(lines).toEqual(
      expect.arrayContaining([
        '  input.ticket: is required',
        '  input.extra: is not a property the input_schema allows',
        '  input.email: must match format "email"',
        '  input.priority: must be one of "low", "high"',
        '  input.mode: must be "fast"',
        '  input.count: must be an integer, not a string',
        '  input.ratio: must be less than 1',
        '  input.name: must be at most 5 characters long',
        '  input.tags: must have at least 1 item',
        '  input.list: must not repeat an item (items 0 and 1 are equal)',
        '  input.list: must have at most 1 item',
        '  input.id: must be a string, not a boolean',
        '  input.name: must match the pattern "^[a-z]+$"',
        '  input.id: must match at least one of the schemas in anyOf (it matches none)',
        '  input.one: must match exactly one of the schemas in oneOf (it matches 2)',
      ]),
    );
    expect(r.stderr).not.toContain(secretish);
    expect(r.stderr).not.toMatch(/must have required property|must be equal to one of|'/);
  });

  it('a missing input is named once, in the same words at a second workflow', async () => {
    const made = await create('req', {
      type: 'object',
      properties: { email: { type: 'string' } },
      required: ['email'],
    });
    expect(made.code, made.stderr).toBe(0);
    const r = await runCli(['workflow', 'run', 'prod/req'], { env: emu.env });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[1]).toBe('  input.email: is required');
  });
});
