// The one judge of an input_schema (security check and the emulator's create) and the validator
// execute compiles: what is refused before Ajv compiles it (too many nodes, too deep, a pattern
// that can backtrack exponentially), and how an input's violations are reported.
import { describe, expect, it } from 'vitest';
import {
  DRAFT_2020_12,
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
      reason: `input_schema has more than ${MAX_SCHEMA_NODES} nodes (aliases counted each time they are used); not compiled`,
    });
    let deep: unknown = { type: 'string' };
    for (let i = 0; i < MAX_SCHEMA_DEPTH; i++) deep = { type: 'object', properties: { a: deep } };
    expect(check(deep)).toEqual({
      loc: [],
      message: `input_schema nests deeper than ${MAX_SCHEMA_DEPTH} levels; not compiled`,
      reason: `input_schema nests deeper than ${MAX_SCHEMA_DEPTH} levels; not compiled`,
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
      reason: 'a pattern with nested repetition can take exponential time; not compiled',
    });
    expect(check({ type: 'object', patternProperties: { '^(a*)*$': {} } })?.loc).toEqual([
      'patternProperties',
      '^(a*)*$',
    ]);
    expect(check({ type: 'string', pattern: '^[a-z]{1,8}$' })).toBeNull();
  });
});

describe('input_schema: $schema', () => {
  it('only draft 2020-12 (or none); any other value is a problem at $schema, never a throw', async () => {
    const check = await loadSchemaChecker();
    for (const meta of [undefined, DRAFT_2020_12, `${DRAFT_2020_12}#`])
      expect(check({ $schema: meta, type: 'object' })).toBeNull();
    for (const meta of [
      'x',
      '',
      'https://json-schema.org/draft/2019-09/schema',
      `${DRAFT_2020_12}-Zq8w`,
      5,
      null,
    ]) {
      const problem = check({ $schema: meta, type: 'object' });
      expect(problem?.loc).toEqual(['$schema']);
      expect(problem?.message).not.toContain('Zq8w');
    }
    const compile = await loadInputCompiler();
    expect(() => compile({ $schema: 'x' })).toThrow(/only draft 2020-12/);
    // A $ref that resolves to nothing is named without its text (a URL may hold a password).
    const ref = check({
      type: 'object',
      properties: { a: { $ref: 'https://u:Zq8wLk29XpR4@h.test/s.json' } },
    });
    expect(ref).toEqual({
      loc: [],
      message: 'input_schema: a $ref names no schema inside this one (nothing is fetched)',
      reason: 'a $ref names no schema inside this one (nothing is fetched)',
    });
  });
});

describe('patterns run in linear time', () => {
  it('overlapping alternation the guard lets through (^(a|a)*$) answers a hostile input at once', async () => {
    const check = await loadSchemaChecker();
    const compile = await loadInputCompiler();
    for (const pattern of ['^(a|a)*$', '^(a|aa)*$']) {
      const schema = { type: 'object', properties: { s: { type: 'string', pattern: pattern } } };
      expect(check(schema)).toBeNull();
      const validate = compile(schema);
      const started = performance.now();
      // On V8's backtracking engine 40 characters took minutes; RE2 answers in well under a second.
      expect(validate({ s: `${'a'.repeat(40)}!` })).toHaveLength(1);
      expect(validate({ s: 'aaaa' })).toEqual([]);
      expect(performance.now() - started).toBeLessThan(5_000);
    }
    const keys = compile({ type: 'object', patternProperties: { '^(a|a)*$': { type: 'number' } } });
    expect(keys({ [`${'a'.repeat(40)}!`]: 'x' })).toEqual([]);
    expect(keys({ aaaa: 'x' })).toHaveLength(1);
    // Two patterns in one schema are two patterns (Ajv keys them by their text).
    const two = compile({
      type: 'object',
      properties: { a: { type: 'string', pattern: '^a+$' }, b: { type: 'string', pattern: '^b+$' } },
    });
    expect(two({ a: 'aa', b: 'bb' })).toEqual([]);
    expect(two({ a: 'bb', b: 'aa' })).toHaveLength(2);
  });

  it('lookaround and backreferences, which RE2 cannot run in linear time, make the schema invalid', async () => {
    const check = await loadSchemaChecker();
    expect(check({ type: 'string', pattern: '^(?=a)a$' })).not.toBeNull();
    expect(check({ type: 'string', pattern: '^(a)\\1$' })).not.toBeNull();
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
