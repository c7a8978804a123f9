// Time arguments of the audit commands, against a fixed instant (vitest pins TZ=UTC; the English
// forms run again in New York, where the same instant is 07:00 on the same Sunday).
import { afterEach, describe, expect, it } from 'vitest';
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
    ['last monday', '2026-11-23T00:00:00.000Z'],
    ['  2h  ', '2026-11-29T10:00:00.000Z'],
  ])('%s → %s', (input, expected) => {
    expect(parseTime(input, '--since', NOW).toISOString()).toBe(expected);
  });

  it.each(['banana', '', '30', '2 hours ago banana', '5x'])(
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

// Each English form, in two time zones: a day without a time is the start of that day where the
// user is; a phrase with a time keeps it; "N units ago" counts back from the instant.
const ENGLISH: Array<[string, string, string]> = [
  // input, in UTC, in America/New_York (UTC-5 in November)
  ['today', '2026-11-29T00:00:00.000Z', '2026-11-29T05:00:00.000Z'],
  ['yesterday', '2026-11-28T00:00:00.000Z', '2026-11-28T05:00:00.000Z'],
  ['monday', '2026-11-23T00:00:00.000Z', '2026-11-23T05:00:00.000Z'],
  ['last monday', '2026-11-23T00:00:00.000Z', '2026-11-23T05:00:00.000Z'],
  ['sunday', '2026-11-29T00:00:00.000Z', '2026-11-29T05:00:00.000Z'],
  ['friday', '2026-11-27T00:00:00.000Z', '2026-11-27T05:00:00.000Z'],
  ['november 20', '2026-11-20T00:00:00.000Z', '2026-11-20T05:00:00.000Z'],
  ['yesterday 14:00', '2026-11-28T14:00:00.000Z', '2026-11-28T19:00:00.000Z'],
  ['yesterday noon', '2026-11-28T12:00:00.000Z', '2026-11-28T17:00:00.000Z'],
  ['last friday at 9am', '2026-11-27T09:00:00.000Z', '2026-11-27T14:00:00.000Z'],
  ['this morning', '2026-11-29T06:00:00.000Z', '2026-11-29T11:00:00.000Z'],
  ['1 hour ago', '2026-11-29T11:00:00.000Z', '2026-11-29T11:00:00.000Z'],
  ['3 days ago', '2026-11-26T12:00:00.000Z', '2026-11-26T12:00:00.000Z'],
  ['last week', '2026-11-22T12:00:00.000Z', '2026-11-22T12:00:00.000Z'],
  ['2026-11-29', '2026-11-29T00:00:00.000Z', '2026-11-29T05:00:00.000Z'],
];

describe.each([
  ['UTC', 1],
  ['America/New_York', 2],
] as const)('English times in TZ=%s', (zone, column) => {
  const saved = process.env.TZ;
  afterEach(() => {
    process.env.TZ = saved;
  });

  it.each(ENGLISH)('%s', (input, ...expected) => {
    process.env.TZ = zone;
    expect(parseTime(input, '--since', NOW).toISOString()).toBe(expected[column - 1]);
  });
});

describe('parseRange', () => {
  const saved = process.env.TZ;
  afterEach(() => {
    process.env.TZ = saved;
  });

  it.each([
    ['tomorrow', 'UTC', '2026-11-30T00:00:00Z'],
    ['noon', 'America/New_York', '2026-11-29T17:00:00Z'],
    ['dec 1', 'UTC', '2026-12-01T00:00:00Z'],
    ['2026-11-30T00:00:00Z', 'UTC', '2026-11-30T00:00:00Z'],
  ])('refuses --since %j (TZ=%s) in the future, showing the resolved instant', (input, zone, resolved) => {
    process.env.TZ = zone;
    const error = failureSync(() => parseRange(input, undefined, NOW));
    expect(error).toBeInstanceOf(CliError);
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(
      `--since "${input}" is in the future: ${resolved} (now is 2026-11-29T12:00:00Z)`,
    );
    expect(error.hint).toBe('give a time in the past, e.g. --since yesterday or --since 2h');
  });

  it('takes --since "noon" at noon (not after now) and a future --until', () => {
    const range = parseRange('noon', 'tomorrow', NOW);
    expect(range.since?.toISOString()).toBe('2026-11-29T12:00:00.000Z');
    expect(range.until?.toISOString()).toBe('2026-11-30T00:00:00.000Z');
  });

  it.each(['2025-13-12', '2026-02-30', '2026-13-45', '2026-11-29T25:00:00Z', '2026-11-29banana'])(
    'refuses the invalid date %j with exit 2, never reading it another way',
    (input) => {
      const error = failureSync(() => parseRange(input, undefined, NOW));
      expect(error.exitCode).toBe(2);
      expect(error.message).toBe(`invalid --since "${input}": not a valid date or time`);
      expect(error.hint).toBe(
        'dates are YYYY-MM-DD (month 01-12, a day the month has), times RFC 3339: 2026-11-29T09:12:00Z',
      );
    },
  );

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
