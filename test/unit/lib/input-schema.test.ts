// The one judge of an input_schema (security check and the emulator's create) and the validator
// execute compiles: what is refused before Ajv compiles it (too many nodes, too deep, a pattern
// that can backtrack exponentially), and how an input's violations are reported.
import { describe, expect, it } from 'vitest';
import {
  loadInputCompiler,
  loadSchemaChecker,
  MAX_SCHEMA_DEPTH,
  MAX_SCHEMA_NODES,
} from '../../../src/lib/input-schema.js';

const properties = (n: number) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, { type: 'string' }]));

describe('input_schema: refused before compiling', () => {
  it('more than MAX_SCHEMA_NODES nodes, or deeper than MAX_SCHEMA_DEPTH', async () => {
    const check = await loadSchemaChecker();
    expect(check({ type: 'object', properties: properties(100) })).toBeNull();
    expect(check({ type: 'object', properties: properties(MAX_SCHEMA_NODES) })).toEqual({
      loc: [],
      message: `input_schema has more than ${MAX_SCHEMA_NODES} nodes (aliases counted each time they are used); not compiled`,
    });
    let deep: unknown = { type: 'string' };
    for (let i = 0; i < MAX_SCHEMA_DEPTH; i++) deep = { type: 'object', properties: { a: deep } };
    expect(check(deep)).toEqual({
      loc: [],
      message: `input_schema nests deeper than ${MAX_SCHEMA_DEPTH} levels; not compiled`,
    });
  });

  it('a pattern with nested repetition, where it stands, and a safe one passes', async () => {
    const check = await loadSchemaChecker();
    const schema = {
      type: 'object',
      properties: {
        code: { type: 'string', pattern: '^(a+)+$' },
        ok: { type: 'string', pattern: '^[a-z]+$' },
      },
    };
    expect(check(schema)).toEqual({
      loc: ['properties', 'code', 'pattern'],
      message:
        'input_schema/properties/code/pattern: a pattern with nested repetition can take exponential time; not compiled',
    });
    expect(check({ type: 'object', patternProperties: { '^(a*)*$': {} } })?.loc).toEqual([
      'patternProperties',
      '^(a*)*$',
    ]);
    expect(check({ type: 'string', pattern: '^[a-z]{1,8}$' })).toBeNull();
  });
});

describe('the input validator', () => {
  it('lists every violation with its loc: formats, required, additionalProperties', async () => {
    const validate = (await loadInputCompiler())({
      type: 'object',
      properties: {
        id: { type: 'integer' },
        email: { type: 'string', format: 'email' },
        when: { type: 'string', format: 'date-time' },
      },
      required: ['email', 'id'],
      additionalProperties: false,
    });
    expect(validate({ email: 'a@example.com' })).toEqual([
      { loc: ['id'], msg: "must have required property 'id'", type: 'required' },
    ]);
    expect(validate({ id: 1, email: 'nope', when: 'yesterday', extra: true })).toEqual([
      { loc: ['extra'], msg: 'must NOT have additional properties', type: 'additionalProperties' },
      { loc: ['email'], msg: 'must match format "email"', type: 'format' },
      { loc: ['when'], msg: 'must match format "date-time"', type: 'format' },
    ]);
  });

  it('two workflows may share a $id: nothing stays registered in Ajv', async () => {
    const compile = await loadInputCompiler();
    const a = compile({ $id: 'https://example.test/s', type: 'string' });
    const b = compile({ $id: 'https://example.test/s', type: 'number' });
    expect([a('x'), b(1)]).toEqual([[], []]);
    expect(b('x')).toHaveLength(1);
  });
});
