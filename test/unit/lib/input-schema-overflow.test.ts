// The last line of defence behind input-schema-refs.ts: a recursion that check did not foresee
// (here made so by mocking it out) must make neither a run nor a create answer with V8's words or
// a 500. The schema's stack overflow at validation is one violation in fixed words.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

type Module = typeof import('../../../src/lib/input-schema.js');
const REFS = '../../../src/lib/input-schema-refs.js';
let ENDLESS_REF: Module['ENDLESS_REF'];
let loadInputCompiler: Module['loadInputCompiler'];
let loadSchemaChecker: Module['loadSchemaChecker'];

// Unit files share their worker's modules (vitest.config.ts: isolate false): this file takes its
// own copy of input-schema.ts (its own Ajv and verdict cache) with the check mocked out, and leaves
// the registry as it found it, so no other file sees the mock or a verdict made under it.
beforeAll(async () => {
  vi.resetModules();
  vi.doMock(REFS, async (actual) => ({
    ...(await actual<typeof import('../../../src/lib/input-schema-refs.js')>()),
    endlessRef: () => undefined,
  }));
  ({ ENDLESS_REF, loadInputCompiler, loadSchemaChecker } = await import('../../../src/lib/input-schema.js'));
});
afterAll(() => {
  vi.doUnmock(REFS);
  vi.resetModules();
});

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
