import { describe, expect, it } from 'vitest';
import { plural } from '../../../../src/lib/display/plural.js';

describe('plural', () => {
  it('singular for exactly one, plural otherwise, the count grouped', () => {
    expect(plural(1, 'event')).toBe('1 event');
    expect(plural(0, 'event')).toBe('0 events');
    expect(plural(12_345, 'event')).toBe('12,345 events');
    expect(plural(1, 'entry', 'entries')).toBe('1 entry');
    expect(plural(2, 'entry', 'entries')).toBe('2 entries');
  });
});
