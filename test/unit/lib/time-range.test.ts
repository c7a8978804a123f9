// Time arguments of the audit commands, against a fixed instant (vitest pins TZ=UTC).
import { describe, expect, it } from 'vitest';
import { CliError } from '../../../src/lib/errors.js';
import { describeRange, parseRange, parseTime } from '../../../src/lib/time-range.js';
import { failureSync } from '../../helpers/errors.js';

const NOW = new Date('2026-11-29T12:00:00Z'); // a Sunday

describe('parseTime', () => {
  it.each([
    ['2026-11-29T09:12:00Z', '2026-11-29T09:12:00.000Z'],
    ['2026-11-29T09:12:00.250+01:00', '2026-11-29T08:12:00.250Z'],
    ['2026-11-29', '2026-11-29T00:00:00.000Z'],
    ['2026-11-29 09:12', '2026-11-29T09:12:00.000Z'],
    ['30s', '2026-11-29T11:59:30.000Z'],
    ['15m', '2026-11-29T11:45:00.000Z'],
    ['2h', '2026-11-29T10:00:00.000Z'],
    ['7d', '2026-11-22T12:00:00.000Z'],
    ['1w', '2026-11-22T12:00:00.000Z'],
    ['1 hour ago', '2026-11-29T11:00:00.000Z'],
    ['3 days ago', '2026-11-26T12:00:00.000Z'],
    ['yesterday 14:00', '2026-11-28T14:00:00.000Z'],
    ['last monday', '2026-11-23T12:00:00.000Z'],
    ['  2h  ', '2026-11-29T10:00:00.000Z'],
  ])('%s → %s', (input, expected) => {
    expect(parseTime(input, '--since', NOW).toISOString()).toBe(expected);
  });

  it.each(['banana', '', '30', '2 hours ago banana', '2026-13-45', '5x'])(
    'refuses %j with a usage error that quotes it',
    (input) => {
      const error = failureSync(() => parseTime(input, '--since', NOW));
      expect(error).toBeInstanceOf(CliError);
      expect(error.exitCode).toBe(2);
      expect(error.message).toMatch(
        new RegExp(
          `^invalid --since "${input.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}": expected an RFC 3339 time`,
        ),
      );
    },
  );
});

describe('parseRange', () => {
  it('resolves both ends against the same instant and describes the range', () => {
    const range = parseRange('2h', '1h', NOW);
    expect(range.since?.toISOString()).toBe('2026-11-29T10:00:00.000Z');
    expect(range.until?.toISOString()).toBe('2026-11-29T11:00:00.000Z');
    expect(describeRange(range)).toBe('Showing events 2026-11-29T10:00:00Z → 2026-11-29T11:00:00Z');
    expect(describeRange(parseRange('2026-11-29T09:12:00Z', undefined, NOW))).toBe(
      'Showing events 2026-11-29T09:12:00Z → now',
    );
    expect(parseRange(undefined, undefined, NOW)).toEqual({ since: null, until: null });
  });

  it('refuses --since after --until, quoting both', () => {
    expect(() => parseRange('1h', '2h', NOW)).toThrow(
      '--since "1h" (2026-11-29T11:00:00Z) is after --until "2h" (2026-11-29T10:00:00Z)',
    );
  });

  it('names --until when that one is unparseable', () => {
    expect(() => parseRange('1h', 'soonish', NOW)).toThrow(/^invalid --until "soonish"/);
  });
});
