// lib/display/plural.ts: every count a message prints, in the right number (NC12-16a).
import { describe, expect, it } from 'vitest';
import { plural } from '../../../../src/lib/display/plural.js';

describe('plural', () => {
  it('one is singular; zero, many and a grouped thousand are plural', () => {
    expect(plural(1, 'event')).toBe('1 event');
    expect(plural(0, 'event')).toBe('0 events');
    expect(plural(2, 'secret')).toBe('2 secrets');
    expect(plural(1204, 'event')).toBe('1,204 events');
  });

  it('takes the plural a noun does not make with -s', () => {
    expect(plural(1, 'entry', 'entries')).toBe('1 entry');
    expect(plural(3, 'entry', 'entries')).toBe('3 entries');
  });
});
