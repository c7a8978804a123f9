// The linear uniqueItems check agrees with Ajv's pairwise one (deep equality, key order aside) on
// which items it names, and the listing bound counts nodes without walking a whole large input.
import { describe, expect, it } from 'vitest';
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
