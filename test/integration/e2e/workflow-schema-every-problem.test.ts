// An input_schema's create lists every problem, each at its place, in one answer.
// H-wf-1: every pattern refused, in words that say why: a `[` left open was called "nested
// repetition", and a lookahead or a backreference came back as RE2's one compile error for the
// schema as a whole, the first only, behind any other problem.
// H-wf-2: every $ref that names nothing: the compile's first one only, unplaced, behind any other.
// H-wf-3: every refusal of Ajv's strict mode (types, required, tuples): the first alone, unplaced.
// H-wf-5: what only the compile finds (strict mode's refusals) was said only once every other
// problem was fixed: a second round trip for what one answer could have listed; after a problem
// of the schema's shape too (a type misspelt), and never one the fix of another would undo.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;

beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

const create = async (name: string, input_schema: unknown) => {
  const file = join(tempDir(), `${name}.json`);
  const nodes = [{ id: 'a', type: 'llm' }];
  writeFileSync(file, JSON.stringify({ name: 'x', version: 1, nodes, edges: [], input_schema }));
  return runCli(['workflow', 'create', `test/${name}`, '--file', file], { env: emu.env });
};
const detailLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('  '));

const NOT_A_PATTERN = 'is not a valid regular expression (ECMA-262, as JSON Schema patterns are)';
const NOT_LINEAR =
  'uses what patterns here cannot (they run in linear time, on RE2): lookahead, lookbehind and backreferences are not supported';
const NESTED = 'a pattern with nested repetition can take exponential time; not compiled';
const MANY =
  'a pattern with more than 25 repetitions (quantifiers) is more than the safety check judges; not compiled';

describe('patterns refused at create', () => {
  it('each at its place, in one answer, with the reason it has', async () => {
    const s = (pattern: string) => ({ type: 'string', pattern });
    const input_schema = {
      type: 'object',
      properties: {
        open: s('[a-z'),
        ahead: s('^(?=a)a$'),
        behind: s('(?<!x)y'),
        back: s('^(a)\\1$'),
        nested: s('^(a+)+$'),
        perl: s('(?i)abc'),
        many: s('a?'.repeat(26)),
        ok: s('^[a-z]+$'),
      },
    };
    const r = await create('patterns', input_schema);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const at = (p: string) => `  definition.input_schema.properties.${p}.pattern: `;
    expect(detailLines(r.stderr)).toEqual([
      `${at('open')}${NOT_A_PATTERN}`,
      `${at('ahead')}${NOT_LINEAR}`,
      `${at('behind')}${NOT_LINEAR}`,
      `${at('back')}${NOT_LINEAR}`,
      `${at('nested')}${NESTED}`,
      `${at('perl')}${NOT_A_PATTERN}`,
      `${at('many')}${MANY}`,
    ]);
  });
});

describe('$refs that name nothing', () => {
  it('each at its place, beside the other problems', async () => {
    const r = await create('refs', {
      type: 'object',
      properties: {
        a: { $ref: '#/$defs/missing' },
        e: { type: 'string', format: 'nope' },
        b: { type: 'array', items: { $ref: 'https://example.test/s.json' } },
      },
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const missing = 'a $ref names no schema inside this one (nothing is fetched)';
    expect(detailLines(r.stderr)).toEqual([
      '  definition.input_schema.properties.e.format: unknown format "nope"',
      `  definition.input_schema.properties.a.$ref: ${missing}`,
      `  definition.input_schema.properties.b.items.$ref: ${missing}`,
    ]);
  });
});

describe("strict mode's refusals", () => {
  it('each one, at the place it names', async () => {
    const r = await create('strict', {
      type: 'object',
      required: ['zz', 'yy'],
      properties: {
        a: { type: 'number', minLength: 1 },
        b: { type: 'number', maxLength: 2 },
        t: { type: 'array', prefixItems: [{ type: 'string' }] },
      },
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(detailLines(r.stderr)).toEqual([
      '  definition.input_schema: strict mode: required property "zz" is not defined (strictRequired)',
      '  definition.input_schema: strict mode: required property "yy" is not defined (strictRequired)',
      '  definition.input_schema.properties.a: strict mode: missing type "string" for keyword "minLength" (strictTypes)',
      '  definition.input_schema.properties.b: strict mode: missing type "string" for keyword "maxLength" (strictTypes)',
      '  definition.input_schema.properties.t: strict mode: "prefixItems" is 1-tuple, but minItems or maxItems/items are not specified or different',
    ]);
  });
});

describe("the compile's problems beside the others", () => {
  it('one answer lists them all', async () => {
    const r = await create('mixed', {
      type: 'object',
      required: ['zz'],
      properties: {
        a: { type: 'number', minLength: 1 },
        e: { type: 'string', format: 'nope' },
        p: { type: 'string', pattern: '(?=x)' },
        r: { $ref: '#/$defs/none' },
        k: { type: 'string', requird: true },
      },
    });
    expect(r.code).toBe(2);
    expect(detailLines(r.stderr)).toEqual([
      `  definition.input_schema.properties.p.pattern: ${NOT_LINEAR}`,
      '  definition.input_schema.properties.e.format: unknown format "nope"',
      '  definition.input_schema.properties.k.requird: strict mode: unknown keyword: "requird"',
      '  definition.input_schema.properties.r.$ref: a $ref names no schema inside this one (nothing is fetched)',
      '  definition.input_schema: strict mode: required property "zz" is not defined (strictRequired)',
      '  definition.input_schema.properties.a: strict mode: missing type "string" for keyword "minLength" (strictTypes)',
    ]);
  });
});

describe("the compile's problems beside the shape's", () => {
  it('listed too, but none where a removed keyword would change the answer', async () => {
    const r = await create('shape', {
      type: 'object',
      properties: {
        t: { type: 'strin', minLength: 1 },
        n: { minimum: 'x' },
        a: { type: 'number', minLength: 1 },
      },
    });
    expect(r.code).toBe(2);
    expect(detailLines(r.stderr)).toEqual([
      '  definition.input_schema.properties.t.type: "strin" is not a JSON Schema type (array, boolean, integer, null, number, object, string)',
      '  definition.input_schema.properties.n.minimum: must be a number, not a string',
      '  definition.input_schema.properties.a: strict mode: missing type "string" for keyword "minLength" (strictTypes)',
    ]);
  });
});
