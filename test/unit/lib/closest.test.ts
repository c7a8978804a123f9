// The did-you-mean distance: a swap of two neighbouring letters is one slip, as a person types.
import { describe, expect, it } from 'vitest';
import { closest, editDistance } from '../../../src/lib/closest.js';

describe('editDistance', () => {
  it.each([
    ['sarfi', 'sarif', 1],
    ['bahs', 'bash', 1],
    ['abc', 'abc', 0],
    ['kitten', 'sitting', 3],
    ['ca', 'abc', 3],
  ] as const)('%s → %s is %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });
});

describe('closest', () => {
  it('finds a swapped word, and nothing for a word near no candidate', () => {
    expect(closest('API_KYE', ['API_KEY', 'DB_URL'])).toBe('API_KEY');
    expect(closest('zzzz', ['API_KEY', 'DB_URL'])).toBeUndefined();
  });
});
