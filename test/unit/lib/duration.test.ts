import { describe, expect, it } from 'vitest';
import { parseDays, parseDurationSeconds } from '../../../src/lib/duration.js';
import { failureSync } from '../../helpers/errors.js';

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

describe('parseDays', () => {
  it('accepts days, weeks and bare numbers', () => {
    expect(parseDays('30d', '--every')).toBe(30);
    expect(parseDays('2w', '--every')).toBe(14);
    expect(parseDays('90', '--expires-in')).toBe(90);
  });
  it('refuses partial days and out-of-range values with a message quoting the flag', () => {
    const bad = (text: string) => failureSync(() => parseDays(text, '--every'));
    expect(bad('36h').message).toBe('invalid --every "36h": expected whole days such as 30d or 2w');
    expect(bad('0d').message).toBe('invalid --every "0d": must be between 1 and 3650 days');
    expect(bad('soon').exitCode).toBe(2);
  });
});
