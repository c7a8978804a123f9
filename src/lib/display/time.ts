import { formatDistanceStrict } from 'date-fns/formatDistanceStrict';
import type { IO } from '../io.js';

/** RFC 3339 UTC with `Z` and no milliseconds (stable for scripts). */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** "5 minutes ago" / "in 3 days" relative to now (date-fns); "just now" under 5 s. */
export function relativeTime(date: Date, now: Date): string {
  if (Math.abs(date.getTime() - now.getTime()) < 5000) return 'just now';
  return formatDistanceStrict(date, now, { addSuffix: true });
}

/**
 * A timestamp for humans on a TTY (relative) or for scripts when piped (RFC 3339); '-' when absent.
 * A value that is not a time comes back as it was: it is still text from the server, which the
 * display functions escape like any other.
 */
export function formatTime(io: IO, iso: string | null | undefined, now: Date): string {
  if (!iso || !io.stdoutIsTTY) return absoluteTime(iso);
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : relativeTime(date, now);
}

/** A timestamp as RFC 3339 UTC wherever it is printed (`--follow`: scrollback never goes stale). */
export function absoluteTime(iso: string | null | undefined): string {
  if (!iso) return '-';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : rfc3339(date);
}
