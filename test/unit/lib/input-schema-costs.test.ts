// The linear uniqueItems check agrees with Ajv's pairwise one (deep equality, key order aside) on
// which items it names, and the listing bound counts nodes without walking a whole large input; so
// does the enum lookup, in time that does not grow with the allowed values.
import { describe, expect, it } from 'vitest';
import { loadInputCompiler } from '../../../src/lib/input-schema.js';
import {
  lastDuplicate,
  MAX_LISTING_WORK,
  mayListEvery,
  nodeCount,
} from '../../../src/lib/input-schema-costs.js';

describe('lastDuplicate', () => {
  it.each([
    ['no duplicate', [[1], [2], { a: 1 }, { a: 2 }], undefined],
    ['key order does not matter, at any depth', [{ a: { x: 1, y: [2] } }, { a: { y: [2], x: 1 } }], [0, 1]],
    ['a string is not its number, a list not a mapping', ['1', 1, [], {}], undefined],
    ['0 and -0 are equal (as ===)', [[0], [-0]], [0, 1]],
    ['the last item equal to an earlier one, and the nearest such', [[1], [2], [1], [2], [1]], [2, 4]],
  ])('%s', (_, items, expected) => {
    expect(lastDuplicate(items as unknown[])).toEqual(expected);
  });
});

describe('nodeCount and mayListEvery', () => {
  it('counts every object, array and scalar', () => {
    expect(nodeCount({ a: [1, 2, { b: null }] })).toBe(6);
  });

  it('stops soon past its bound', () => {
    const big = Array.from({ length: 100_000 }, (_, i) => i);
    expect(nodeCount(big, 10)).toBeLessThanOrEqual(12);
  });

  it('lists every violation up to MAX_LISTING_WORK nodes x schema nodes, not past it', () => {
    const input = Array.from({ length: 999 }, () => 1); // 1,000 nodes with the array
    expect(mayListEvery(input, MAX_LISTING_WORK / 1_000)).toBe(true);
    expect(mayListEvery(input, MAX_LISTING_WORK / 1_000 + 1)).toBe(false);
  });
});

describe('enum: a lookup, not a comparison with every allowed value (H14c-10)', () => {
  const objects = Array.from({ length: 600 }, (_, i) => ({ a: { b: i } }));

  it('600 objects against 20,000 items, each the last allowed, cost what one allowed object costs', async () => {
    const compile = await loadInputCompiler();
    const many = compile({ type: 'array', items: { enum: objects } });
    const one = compile({ type: 'array', items: { enum: [{ a: { b: 599 } }] } });
    const input = Array.from({ length: 20_000 }, () => ({ a: { b: 599 } }));
    const timed = (validate: (v: unknown) => unknown[]) => {
      validate(input.slice(0, 100));
      const started = performance.now();
      expect(validate(input)).toEqual([]);
      return performance.now() - started;
    };
    // Relative, so that a loaded machine slows both alike. Ajv's deep comparison with each allowed
    // value in turn: about 3 s here, a hundred times the one-value enum.
    const [t1, t600] = [timed(one), timed(many)];
    expect(t600).toBeLessThan(Math.max(5 * t1, 300));
  });

  it("the same verdict as Ajv's (deep equality, key order aside) and the same words", async () => {
    const validate = (await loadInputCompiler())({
      type: 'object',
      properties: { v: { enum: [{ x: 1, y: [1, { z: null }] }, 'a', 0, null] } },
    });
    for (const v of [{ y: [1, { z: null }], x: 1 }, 'a', -0, null]) expect(validate({ v })).toEqual([]);
    for (const v of [{ x: 1 }, { x: 1, y: [{ z: null }, 1] }, 'b', '0', false])
      expect(validate({ v })).toEqual([
        { loc: ['v'], msg: 'must be one of an object, "a", 0, null', type: 'enum' },
      ]);
  });
});
