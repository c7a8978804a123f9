// A $ref that names nothing inside the schema (H-wf-2): each at its place, beside every other
// problem, never only the compile's first one for the schema as a whole; and never a $ref Ajv does
// resolve (booleans, anchors, embedded $ids, the meta-schemas, an unused $defs entry).
import { describe, expect, it } from 'vitest';
import { loadInputCompiler, loadSchemaChecker } from '../../../src/lib/input-schema.js';

const MISSING = 'a $ref names no schema inside this one (nothing is fetched)';

describe('dangling $refs', () => {
  it('each one at its place, and behind no other problem', async () => {
    const check = await loadSchemaChecker();
    const schema = {
      type: 'object',
      properties: {
        a: { $ref: '#/$defs/x' },
        b: { type: 'array', items: { $ref: '#nowhere' } },
        c: { type: 'string', format: 'nope' },
        d: { $ref: 'https://example.test/other.json' },
      },
    };
    expect(check(schema).map((p) => p.message)).toEqual([
      'input_schema.properties.c.format: unknown format "nope"',
      `input_schema.properties.a.$ref: ${MISSING}`,
      `input_schema.properties.b.items.$ref: ${MISSING}`,
      `input_schema.properties.d.$ref: ${MISSING}`,
    ]);
  });

  it('a $ref Ajv resolves is none', async () => {
    const check = await loadSchemaChecker();
    const compile = await loadInputCompiler();
    const schemas: unknown[] = [
      { $defs: { t: true }, type: 'object', properties: { a: { $ref: '#/$defs/t' } } },
      { $defs: { s: { $anchor: 'here', type: 'string' } }, $ref: '#here' },
      { $defs: { s: { $id: 'https://example.test/s', type: 'string' } }, $ref: 'https://example.test/s' },
      { $id: 'https://example.test/root', $defs: { s: { type: 'string' } }, $ref: 'root#/$defs/s' },
      { $ref: 'https://json-schema.org/draft/2020-12/schema' },
      { $defs: { unused: { $ref: '#/$defs/nothing' } }, type: 'string' },
      { $defs: { 'a b': { type: 'string' } }, $ref: '#/$defs/a%20b' },
      { $defs: { 'a/b': { type: 'string' } }, $ref: '#/$defs/a~1b' },
      { type: 'object', properties: { a: { type: 'string' }, b: { $ref: '#/properties/a' } } },
    ];
    for (const schema of schemas) {
      expect(check(schema), JSON.stringify(schema)).toEqual([]);
      expect(() => compile(schema)).not.toThrow();
    }
  });
});
