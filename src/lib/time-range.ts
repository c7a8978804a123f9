/**
 * Time arguments of the audit commands (README.md, Audit logs): RFC 3339 / ISO 8601 first, then
 * durations meaning "that long ago", then English through chrono-node, each against one reference
 * instant so `--since` and `--until` agree with each other. Calendar days are the user's (the
 * process's time zone); what was resolved is printed in UTC.
 */
import * as chrono from 'chrono-node';
import { parseISO } from 'date-fns/parseISO';
import { startOfDay } from 'date-fns/startOfDay';
import { subDays } from 'date-fns/subDays';
import { rfc3339 } from './display/time.js';
import { parseDurationSeconds } from './duration.js';
import { usageError } from './errors.js';
import { shownName } from './shown-value.js';

// parseISO accepts a bare "30" as the year 3000; only text that starts like a calendar date is ISO.
const LOOKS_ISO = /^\d{4}-?\d{2}-?\d{2}/;

const EXPECTED =
  'expected an RFC 3339 time (2026-11-29T09:12:00Z), a duration (30s, 15m, 2h, 7d, 1w) or English ("1 hour ago", "yesterday 14:00", "last monday")';

// chrono's tags for phrases that name a time of day without digits ("this morning", "noon",
// "tonight") and for "N units ago": those carry their own time, which start-of-day must not replace.
const TIMED_TAGS = ['parser/ENCasualTimeParser', 'casualReference/tonight', 'result/relativeDate'];

/**
 * chrono implies a time for a phrase that names only a day: the reference's time of day for
 * "today"/"yesterday", noon for "monday" or "dec 1". A day without a time means its start instead,
 * and a bare weekday the latest such day, today included (audit ranges look back; chrono picks the
 * nearest, which may be next week's).
 */
function resolveEnglish(result: chrono.ParsedResult, input: string, now: Date): Date {
  const start = result.start;
  const tags = start.tags();
  const timed = start.isCertain('hour') || TIMED_TAGS.some((tag) => tags.has(tag));
  if (timed) return start.date();
  let day = startOfDay(start.date());
  const weekdayOnly = start.isCertain('weekday') && !start.isCertain('day');
  if (weekdayOnly && !/\bnext\b/i.test(input) && day > now) day = startOfDay(subDays(day, 7));
  return day;
}

/** Parse one time argument against `now`; throws a usage error quoting `flag` and the input. */
export function parseTime(text: string, flag: string, now: Date): Date {
  const input = text.trim();
  if (LOOKS_ISO.test(input)) {
    const iso = parseISO(input);
    if (!Number.isNaN(iso.getTime())) return iso;
    // Never handed to chrono, which reads "2025-13-12" as 13 December without a word.
    throw usageError(
      `invalid ${flag} "${text}": not a valid date or time`,
      'dates are YYYY-MM-DD (month 01-12, a day the month has), times RFC 3339: 2026-11-29T09:12:00Z',
    );
  }
  const seconds = parseDurationSeconds(input);
  if (seconds !== null) return new Date(now.getTime() - seconds * 1000);
  if (input !== '') {
    const [result] = chrono.parse(input, now, { forwardDate: false });
    // The phrase must be the whole input: "2 hours ago banana" is not "2 hours ago".
    if (result && result.index === 0 && result.text.length === input.length) {
      return resolveEnglish(result, input, now);
    }
  }
  throw usageError(`invalid ${flag} ${shownName(text, 'value')}: ${EXPECTED}`);
}

/** A resolved time window; null ends are open. */
export interface TimeRange {
  since: Date | null;
  until: Date | null;
}

/**
 * Resolve `--since` / `--until` against one instant. A `--since` after `now` can match nothing
 * yet (it is "tomorrow", or "noon" typed in the morning), and `--since` after `--until` never:
 * both are usage errors that show the resolved instants.
 */
export function parseRange(since: string | undefined, until: string | undefined, now: Date): TimeRange {
  const range: TimeRange = {
    since: since === undefined ? null : parseTime(since, '--since', now),
    until: until === undefined ? null : parseTime(until, '--until', now),
  };
  if (range.since && range.since.getTime() > now.getTime()) {
    throw usageError(
      `--since "${since}" is in the future: ${rfc3339(range.since)} (now is ${rfc3339(now)})`,
      'give a time in the past, e.g. --since yesterday or --since 2h',
    );
  }
  if (range.since && range.until && range.since.getTime() > range.until.getTime()) {
    throw usageError(
      `--since "${since}" (${rfc3339(range.since)}) is after --until "${until}" (${rfc3339(range.until)})`,
      'swap the two, or widen the range',
    );
  }
  return range;
}

/** The resolved window in words: `2026-11-29T09:12:00Z → now`. */
export function rangeText(range: TimeRange): string {
  const from = range.since ? rfc3339(range.since) : 'the beginning';
  const to = range.until ? rfc3339(range.until) : 'now';
  return `${from} → ${to}`;
}

/** The line shown on stderr: `Showing events 2026-11-29T09:12:00Z → now`. */
export function describeRange(range: TimeRange): string {
  return `Showing events ${rangeText(range)}`;
}

/** Exact RFC 3339 (milliseconds kept) for the API's `since`/`until`. */
export function apiTime(date: Date | null): string | undefined {
  return date ? date.toISOString() : undefined;
}
