/**
 * Time arguments of the audit commands (README.md, Audit logs): RFC 3339 / ISO 8601 first, then
 * durations meaning "that long ago", then English through chrono-node, each against one reference
 * instant so `--since` and `--until` agree with each other.
 */
import * as chrono from 'chrono-node';
import { parseISO } from 'date-fns';
import { rfc3339 } from './display/time.js';
import { parseDurationSeconds } from './duration.js';
import { usageError } from './errors.js';

// parseISO accepts a bare "30" as the year 3000; only text that starts like a calendar date is ISO.
const LOOKS_ISO = /^\d{4}-?\d{2}-?\d{2}/;

const EXPECTED =
  'expected an RFC 3339 time (2026-11-29T09:12:00Z), a duration (30s, 15m, 2h, 7d, 1w) or English ("1 hour ago", "yesterday 14:00", "last monday")';

/** Parse one time argument against `now`; throws a usage error quoting `flag` and the input. */
export function parseTime(text: string, flag: string, now: Date): Date {
  const input = text.trim();
  if (LOOKS_ISO.test(input)) {
    const iso = parseISO(input);
    if (!Number.isNaN(iso.getTime())) return iso;
  }
  const seconds = parseDurationSeconds(input);
  if (seconds !== null) return new Date(now.getTime() - seconds * 1000);
  if (input !== '') {
    const [result] = chrono.parse(input, now, { forwardDate: false });
    // The phrase must be the whole input: "2 hours ago banana" is not "2 hours ago".
    if (result && result.index === 0 && result.text.length === input.length) return result.start.date();
  }
  throw usageError(`invalid ${flag} "${text}": ${EXPECTED}`);
}

/** A resolved time window; null ends are open. */
export interface TimeRange {
  since: Date | null;
  until: Date | null;
}

/** Resolve `--since` / `--until` against one instant; `--since` after `--until` is a usage error. */
export function parseRange(since: string | undefined, until: string | undefined, now: Date): TimeRange {
  const range: TimeRange = {
    since: since === undefined ? null : parseTime(since, '--since', now),
    until: until === undefined ? null : parseTime(until, '--until', now),
  };
  if (range.since && range.until && range.since.getTime() > range.until.getTime()) {
    throw usageError(
      `--since "${since}" (${rfc3339(range.since)}) is after --until "${until}" (${rfc3339(range.until)})`,
      'swap the two, or widen the range',
    );
  }
  return range;
}

/** The line shown on stderr: `Showing events 2026-11-29T09:12:00Z → now`. */
export function describeRange(range: TimeRange): string {
  const from = range.since ? rfc3339(range.since) : 'the beginning';
  const to = range.until ? rfc3339(range.until) : 'now';
  return `Showing events ${from} → ${to}`;
}

/** Exact RFC 3339 (milliseconds kept) for the API's `since`/`until`. */
export function apiTime(date: Date | null): string | undefined {
  return date ? date.toISOString() : undefined;
}
