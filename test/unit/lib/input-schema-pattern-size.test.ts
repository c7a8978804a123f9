// A pattern's compiled size, read from its text (counted repetitions multiplied out), bounds what a
// create compiles (H14c-2: per pattern and per schema, each refused at its place) and weighs what
// each test of an input costs (H14c-7: the budget counted the text's length only).
import { describe, expect, it } from 'vitest';
import { loadInputCompiler, loadSchemaChecker } from '../../../src/lib/input-schema.js';
import { TOO_COSTLY } from '../../../src/lib/input-schema-costs.js';
import {
  MAX_PATTERN_SIZE,
  MAX_PATTERNS_SIZE,
  patternSize,
} from '../../../src/lib/input-schema-pattern-size.js';

describe('patternSize', () => {
  it.each([
    ['^[a-z]+$', 4],
    ['abc', 3],
    ['a|b|c', 5],
    ['(?:ab)*?', 4],
    ['\\d{2,4}', 5],
    ['[]a]{10}', 11],
    ['(?<n>x){3,}', 9],
    ['(a{1000}){1000}', 1_002_001],
    ['((a{50}){50}){50}', 130_101],
  ])('%s is %d', (pattern, size) => {
    expect(patternSize(pattern)).toBe(size);
  });

  it('never throws, and a pattern of 100,000 `(` is no stack overflow', () => {
    expect(patternSize('('.repeat(100_000))).toBe(100_000);
    expect(patternSize('x{')).toBe(2);
    expect(patternSize(')[')).toBe(2);
  });
});

describe('at create and in the gate: too big once compiled, at its place', () => {
  it("a pattern over MAX_PATTERN_SIZE, nested or not, as a patternProperties key and in `pattern` (an object's own first)", async () => {
    const check = await loadSchemaChecker();
    const flat = '[a-z]{1000}'.repeat(20);
    expect(
      check({
        type: 'object',
        properties: { a: { type: 'string', pattern: flat } },
        patternProperties: { '((a{50}){50}){50}': {} },
      }),
    ).toEqual([
      expect.objectContaining({
        loc: ['patternProperties', '((a{50}){50}){50}'],
        reason: expect.stringMatching(/^a pattern that compiles to 130,101 instructions/),
      }),
      {
        loc: ['properties', 'a', 'pattern'],
        message: `input_schema.properties.a.pattern: a pattern that compiles to 20,020 instructions (its counted repetitions multiplied out) is more than the ${MAX_PATTERN_SIZE.toLocaleString('en-US')} allowed; not compiled`,
        reason: `a pattern that compiles to 20,020 instructions (its counted repetitions multiplied out) is more than the ${MAX_PATTERN_SIZE.toLocaleString('en-US')} allowed; not compiled`,
      },
    ]);
    // A long alternation, no repetition at all.
    const words = Array.from({ length: 3_000 }, (_, i) => `w${i}`).join('|');
    expect(check({ type: 'string', pattern: `^(${words})$` })[0]?.reason).toMatch(
      /^a pattern that compiles to [\d,]+ instructions/,
    );
  });

  it('the pattern that brings the schema past MAX_PATTERNS_SIZE, once; within both, compiled', async () => {
    const check = await loadSchemaChecker();
    const each = (n: number) =>
      Object.fromEntries(
        Array.from({ length: n }, (_, i) => [
          `p${i}`,
          { type: 'string', pattern: `${i}[a-z]{1000}`.repeat(4) },
        ]),
      );
    expect(patternSize(`0[a-z]{1000}`.repeat(4))).toBeLessThanOrEqual(MAX_PATTERN_SIZE);
    expect(check({ type: 'object', properties: each(4) })).toEqual([]);
    expect(check({ type: 'object', properties: each(7) })).toEqual([
      expect.objectContaining({
        loc: ['properties', 'p4', 'pattern'],
        reason: `this pattern brings the input_schema's patterns to 20,040 compiled instructions together, more than the ${MAX_PATTERNS_SIZE.toLocaleString('en-US')} allowed; not compiled`,
      }),
    ]);
  });
});

describe('at execute: a test costs its text times its pattern (H14c-7)', () => {
  it('3,000 characters against a 4,004-instruction pattern stop at the budget, not after seconds', async () => {
    const compile = await loadInputCompiler();
    const validate = compile({ type: 'string', pattern: `${'[a-z]{1000}'.repeat(4)}$` });
    const started = performance.now();
    expect(validate('a'.repeat(3_000))).toEqual([TOO_COSTLY]);
    expect(performance.now() - started).toBeLessThan(500);
    // A small pattern against a long string is checked as before.
    expect(compile({ type: 'string', pattern: '^[a-z]+$' })('a'.repeat(500_000))).toEqual([]);
  });
});
