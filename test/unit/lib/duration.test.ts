import { describe, expect, it } from 'vitest';
import { parseDurationSeconds } from '../../../src/lib/duration.js';

describe('parseDurationSeconds', () => {
  it.each([
    ['30s', 30],
    ['15m', 900],
    ['2h', 7200],
    ['7d', 604_800],
    ['1w', 604_800],
    [' 2H ', 7200],
  ])('%s → %d', (text, seconds) => {
    expect(parseDurationSeconds(text)).toBe(seconds);
  });
  it.each(['', 'd', '2', '2x', '-1d', '1.5h', '2 hours', '1d2h'])('%j is not a duration', (text) => {
    expect(parseDurationSeconds(text)).toBeNull();
  });
});
