// The last line of defence behind input-schema-refs.ts: a recursion that check did not foresee
// (here made so by mocking it out) must make neither a run nor a create answer with V8's words or
// a 500. The schema's stack overflow at validation is one violation in fixed words.
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../../src/lib/input-schema-refs.js', async (actual) => ({
  ...(await actual<typeof import('../../../src/lib/input-schema-refs.js')>()),
  endlessRef: () => undefined,
}));

const { ENDLESS_REF, loadInputCompiler, loadSchemaChecker } = await import(
  '../../../src/lib/input-schema.js'
);

describe('a stack overflow inside Ajv is the schema problem, in fixed words', () => {
  it('at validation: one violation at the root, for every input', async () => {
    // Ajv compiles {"$ref": "#"} into a validator that calls itself on the same value.
    expect((await loadSchemaChecker())({ $ref: '#' })).toEqual([]);
    const validate = (await loadInputCompiler())({ $ref: '#' });
    for (const input of [{}, { a: 1 }, 'x'])
      expect(validate(input)).toEqual([{ loc: [], msg: ENDLESS_REF, type: 'schema_error' }]);
  });

  it('at compile: two $defs naming each other overflow Ajv itself', async () => {
    const schema = { $defs: { a: { $ref: '#/$defs/b' }, b: { $ref: '#/$defs/a' } }, $ref: '#/$defs/a' };
    expect((await loadSchemaChecker())(schema)).toEqual([
      { loc: [], message: `input_schema: ${ENDLESS_REF}`, reason: ENDLESS_REF },
    ]);
  });
});
