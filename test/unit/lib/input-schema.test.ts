// The one judge of an input_schema (security check and the emulator's create) and the validator
// execute compiles: what is refused before Ajv compiles it (too many nodes, too deep, a pattern
// that can backtrack exponentially), and how an input's violations are reported.
import { describe, expect, it } from 'vitest';
import {
  DRAFT_2020_12,
  ENDLESS_REF,
  loadInputCompiler,
  loadSchemaChecker,
  MAX_SCHEMA_DEPTH,
  MAX_SCHEMA_NODES,
  MAX_SCHEMA_PROBLEMS,
  MAX_VIOLATIONS,
  MORE_VIOLATIONS,
} from '../../../src/lib/input-schema.js';

const properties = (n: number) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, { type: 'string' }]));

describe('input_schema: refused before compiling', () => {
  it('more than MAX_SCHEMA_NODES nodes, or deeper than MAX_SCHEMA_DEPTH', async () => {
    const check = await loadSchemaChecker();
    expect(check({ type: 'object', properties: properties(100) })).toEqual([]);
    expect(check({ type: 'object', properties: properties(MAX_SCHEMA_NODES) })).toEqual([
      {
        loc: [],
        message: `input_schema has more than ${MAX_SCHEMA_NODES} nodes (aliases counted each time they are used); not compiled`,
        reason: `input_schema has more than ${MAX_SCHEMA_NODES} nodes (aliases counted each time they are used); not compiled`,
      },
    ]);
    let deep: unknown = { type: 'string' };
    for (let i = 0; i < MAX_SCHEMA_DEPTH; i++) deep = { type: 'object', properties: { a: deep } };
    expect(check(deep)).toEqual([
      {
        loc: [],
        message: `input_schema nests deeper than ${MAX_SCHEMA_DEPTH} levels; not compiled`,
        reason: `input_schema nests deeper than ${MAX_SCHEMA_DEPTH} levels; not compiled`,
      },
    ]);
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
    expect(check(schema)).toEqual([
      {
        loc: ['properties', 'code', 'pattern'],
        message:
          'input_schema.properties.code.pattern: a pattern with nested repetition can take exponential time; not compiled',
        reason: 'a pattern with nested repetition can take exponential time; not compiled',
      },
    ]);
    expect(check({ type: 'object', patternProperties: { '^(a*)*$': {} } })[0]?.loc).toEqual([
      'patternProperties',
      '^(a*)*$',
    ]);
    expect(check({ type: 'string', pattern: '^[a-z]{1,8}$' })).toEqual([]);
  });
});

describe('input_schema: $schema', () => {
  it('only draft 2020-12 (or none); any other value is a problem at $schema, never a throw', async () => {
    const check = await loadSchemaChecker();
    for (const meta of [undefined, DRAFT_2020_12, `${DRAFT_2020_12}#`])
      expect(check({ $schema: meta, type: 'object' })).toEqual([]);
    for (const meta of [
      'x',
      '',
      'https://json-schema.org/draft/2019-09/schema',
      `${DRAFT_2020_12}-Zq8w`,
      5,
      null,
    ]) {
      const [problem] = check({ $schema: meta, type: 'object' });
      expect(problem?.loc).toEqual(['$schema']);
      expect(problem?.message).not.toContain('Zq8w');
    }
    const compile = await loadInputCompiler();
    expect(() => compile({ $schema: 'x' })).toThrow(/only draft 2020-12/);
    // A $ref that resolves to nothing is named without its text (a URL may hold a password), at its place.
    const [ref, ...others] = check({
      type: 'object',
      properties: { a: { $ref: 'https://u:Zq8wLk29XpR4@h.test/s.json' } },
    });
    expect(ref).toEqual({
      loc: ['properties', 'a', '$ref'],
      message: 'input_schema.properties.a.$ref: a $ref names no schema inside this one (nothing is fetched)',
      reason: 'a $ref names no schema inside this one (nothing is fetched)',
    });
    expect(others).toEqual([]);
  });
});

describe('patterns run in linear time', () => {
  it('overlapping alternation the guard lets through (^(a|a)*$) answers a hostile input at once', async () => {
    const check = await loadSchemaChecker();
    const compile = await loadInputCompiler();
    for (const pattern of ['^(a|a)*$', '^(a|aa)*$']) {
      const schema = { type: 'object', properties: { s: { type: 'string', pattern: pattern } } };
      expect(check(schema)).toEqual([]);
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
    expect(check({ type: 'string', pattern: '^(?=a)a$' })).not.toEqual([]);
    expect(check({ type: 'string', pattern: '^(a)\\1$' })).not.toEqual([]);
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
      { loc: ['id'], msg: 'is required', type: 'required' },
    ]);
    expect(validate({ id: 1, email: 'nope', when: 'yesterday', extra: true })).toEqual([
      { loc: ['extra'], msg: 'is not a property the input_schema allows', type: 'additionalProperties' },
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

  it('an embedded $id is forgotten too: a later schema with that id, at its root or nested, compiles as its own (H14c-5)', async () => {
    const compile = await loadInputCompiler();
    const id = 'https://example.test/embedded';
    const nested = (type: string) => ({
      type: 'object',
      properties: { v: { $ref: id } },
      $defs: { s: { $id: id, type } },
    });
    const a = compile(nested('string'));
    // Left registered, the first's nested id made this compile throw "already exists".
    const b = compile({ $id: id, type: 'number' });
    const c = compile(nested('boolean'));
    expect([a({ v: 'x' }), b(1), c({ v: true })]).toEqual([[], [], []]);
    expect(a({ v: 1 })[0]?.msg).toBe('must be a string, not an integer');
    expect(b('x')[0]?.msg).toBe('must be a number, not a string');
    expect(c({ v: 'x' })[0]?.msg).toBe('must be a boolean (true or false), not a string');
  });
});

describe('every problem of a schema, and schemas whose validation could never end', () => {
  it('lists each mistake at its place: a bad type, a bad minimum, an unknown format, an unknown keyword', async () => {
    const check = await loadSchemaChecker();
    const schema = {
      type: 'object',
      properties: {
        a: { type: 'strin' },
        b: { minimum: 'x' },
        c: { format: 'emial' },
        d: { requird: true },
      },
    };
    expect(check(schema).map((p) => p.message)).toEqual([
      'input_schema.properties.a.type: "strin" is not a JSON Schema type (array, boolean, integer, null, number, object, string)',
      'input_schema.properties.b.minimum: must be a number, not a string',
      'input_schema.properties.c.format: unknown format "emial"',
      'input_schema.properties.d.requird: strict mode: unknown keyword: "requird"',
    ]);
    // A name every object inherits is no keyword and no format.
    expect(check({ type: 'string', constructor: 1, format: 'toString' }).map((p) => p.loc)).toEqual([
      ['constructor'],
      ['format'],
    ]);
  });

  it('says how many problems are past MAX_SCHEMA_PROBLEMS', async () => {
    const check = await loadSchemaChecker();
    const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`p${i}`, { type: 'strin' }]));
    const problems = check({ type: 'object', properties: many });
    expect(problems).toHaveLength(MAX_SCHEMA_PROBLEMS);
    expect(problems.at(-1)?.message).toBe('input_schema: and 11 more problems, not listed');
  });

  it('refuses a $ref that leads back without a step, in fixed words; recursion with a step passes', async () => {
    const check = await loadSchemaChecker();
    const endless = [
      [{ $ref: '#' }, []],
      [{ $dynamicRef: '#meta' }, []],
      [{ $defs: { a: { $ref: '#/$defs/b' }, b: { $ref: '#/$defs/a' } }, $ref: '#/$defs/a' }, ['$defs', 'b']],
      [{ anyOf: [{ type: 'string' }, { $ref: '#' }] }, ['anyOf', 1]],
      [{ $defs: { n: { $anchor: 'x', allOf: [{ $ref: '#x' }] } }, $ref: '#x' }, ['$defs', 'n', 'allOf', 0]],
      [{ $id: 'https://e.test/r', $defs: { n: { $id: 'n', $ref: 'n' } }, $ref: 'n' }, ['$defs', 'n']],
      [{ $dynamicAnchor: 'm', not: { $dynamicRef: '#m' } }, ['not']],
    ] as const;
    for (const [schema, loc] of endless)
      expect(check(schema), JSON.stringify(schema)).toEqual([
        {
          loc,
          message: `input_schema${loc.map((p) => `.${p}`).join('')}: ${ENDLESS_REF}`,
          reason: ENDLESS_REF,
        },
      ]);
    for (const schema of [
      { type: 'object', properties: { x: { $ref: '#' } } },
      { $dynamicAnchor: 'm', type: 'object', properties: { a: { $dynamicRef: '#m' } } },
      { type: 'array', items: { $ref: '#' } },
    ])
      expect(check(schema), JSON.stringify(schema)).toEqual([]);
    const compile = await loadInputCompiler();
    expect(() => compile({ $ref: '#' })).toThrow(ENDLESS_REF);
  });
});

describe('violations past the cap, and keys that look like indices', () => {
  it('says how many violations are past MAX_VIOLATIONS', async () => {
    const validate = (await loadInputCompiler())({ type: 'object', additionalProperties: false });
    const got = validate(Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, 1])));
    expect(got).toHaveLength(MAX_VIOLATIONS + 1);
    expect(got.at(-1)).toEqual({ loc: [], msg: 'and 50 more violations, not listed', type: MORE_VIOLATIONS });
    expect(validate({ a: 1 })).toHaveLength(1);
  });

  it('an object key "0" stays a string in the loc; an array index is a number', async () => {
    const validate = (await loadInputCompiler())({
      type: 'object',
      properties: {
        m: { type: 'object', additionalProperties: { type: 'string' } },
        l: { type: 'array', items: { type: 'string' } },
      },
    });
    expect(validate({ m: { '0': 1 }, l: [1] }).map((v) => v.loc)).toEqual([
      ['m', '0'],
      ['l', 0],
    ]);
  });
});
