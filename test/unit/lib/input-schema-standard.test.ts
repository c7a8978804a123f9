// What draft 2020-12 defines and Ajv 8 or ajv-formats leaves out, judged by input-schema.ts: `$anchor`
// (a keyword Ajv resolves but never registered), `idn-hostname` (Node's UTS 46 mapping, then the
// hostname format), `iri`/`iri-reference`/`idn-email` (annotations); a standard keyword the
// validator lacks is said to be unsupported; the loop check is listed beside every other stage.
import { describe, expect, it } from 'vitest';
import { loadInputCompiler, loadSchemaChecker } from '../../../src/lib/input-schema.js';
import { unknownWords } from '../../../src/lib/input-schema-guards.js';

const reasons = async (schema: unknown) => (await loadSchemaChecker())(schema).map((p) => p.message);

describe('input_schema: the standard', () => {
  it('$anchor is a keyword: through $ref, in place, and its syntax checked by the meta-schema', async () => {
    const anchored = {
      type: 'object',
      $defs: { a: { $anchor: 'x', type: 'string' } },
      properties: { p: { $ref: '#x' } },
    };
    expect(await reasons(anchored)).toEqual([]);
    expect(await reasons({ type: 'object', properties: { p: { $anchor: 'y', type: 'string' } } })).toEqual(
      [],
    );
    expect(await reasons({ type: 'object', properties: { p: { $anchor: '1y' } } })).toEqual([
      'input_schema.properties.p.$anchor: must match the pattern "^[A-Za-z_][-A-Za-z0-9._]*$"',
    ]);
    const validate = (await loadInputCompiler())(anchored);
    expect(validate({ p: 'ok' })).toEqual([]);
    expect(validate({ p: 3 })).toEqual([
      { loc: ['p'], msg: 'must be a string, not an integer', type: 'type' },
    ]);
  });

  it.each([
    ['bücher.example', true],
    ['xn--bcher-kva.example', true],
    ['münchen.de', true],
    ['a_b', false],
    ['not a host', false],
    ['-bad.example', false],
    ['a..b', false],
    ['', false],
    ['user@host.example', false],
  ])('idn-hostname %j: %s', async (host, ok) => {
    const validate = (await loadInputCompiler())({ type: 'string', format: 'idn-hostname' });
    expect(validate(host).length === 0).toBe(ok);
  });

  it('iri, iri-reference and idn-email are annotations: accepted, never refused as unknown', async () => {
    for (const format of ['iri', 'iri-reference', 'idn-email']) {
      expect(await reasons({ type: 'string', format })).toEqual([]);
      expect((await loadInputCompiler())({ type: 'string', format })('anything')).toEqual([]);
    }
    expect(await reasons({ type: 'string', format: 'iri-ref' })).toEqual([
      'input_schema.format: unknown format "iri-ref"',
    ]);
  });

  it('a standard keyword the validator lacks is said to be unsupported; another is unknown', () => {
    const known = (k: string) => k === 'type';
    expect(
      unknownWords({ type: 'string', $anchor: 'x', $anchr: 'y' }, known, () => true).map((p) => p.message),
    ).toEqual([
      'input_schema.$anchor: "$anchor" is not supported (a draft 2020-12 keyword Ajv does not implement)',
      'input_schema.$anchr: strict mode: unknown keyword: "$anchr"',
    ]);
  });

  it('a $ref loop is listed beside another dialect, an unsafe pattern and a meta-schema problem', async () => {
    const loop =
      'input_schema.properties.c: a $ref that leads back to itself without a step into the input: validating against it would never end';
    const c = { $ref: '#/properties/c' };
    expect(await reasons({ $schema: 'http://json-schema.org/draft-07/schema#', properties: { c } })).toEqual([
      expect.stringMatching(/^input_schema\.\$schema: only draft 2020-12/),
      loop,
    ]);
    expect(await reasons({ type: 'object', properties: { a: { type: 'strin' }, c } })).toEqual([
      'input_schema.properties.a.type: "strin" is not a JSON Schema type (array, boolean, integer, null, number, object, string)',
      loop,
    ]);
    expect(
      await reasons({ type: 'object', properties: { a: { type: 'string', pattern: '^(a+)+$' }, c } }),
    ).toEqual([
      'input_schema.properties.a.pattern: a pattern with nested repetition can take exponential time; not compiled',
      loop,
    ]);
  });
});
