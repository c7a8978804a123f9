import { usageError } from './errors.js';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** Matches `30s`, `15m`, `2h`, `7d`, `1w` (one number, one unit). */
const DURATION = /^(\d{1,9})\s*([smhdw])$/;

/** Parse a duration like `30s`, `15m`, `2h`, `7d`, `1w` into seconds; null when it is not one. */
export function parseDurationSeconds(text: string): number | null {
  const m = DURATION.exec(text.trim().toLowerCase());
  if (!m) return null;
  return Number(m[1]) * (UNIT_SECONDS[m[2] as string] as number);
}

/**
 * Parse a whole-day duration for a flag (`30d`, `2w`, or a bare number of days).
 * Throws a usage error that quotes the flag and the input.
 */
export function parseDays(text: string, flag: string, { min = 1, max = 3650 } = {}): number {
  const trimmed = text.trim().toLowerCase();
  let days: number | null = null;
  if (/^\d{1,5}$/.test(trimmed)) days = Number(trimmed);
  else {
    const seconds = parseDurationSeconds(trimmed);
    if (seconds !== null && seconds % 86_400 === 0) days = seconds / 86_400;
  }
  if (days === null) {
    throw usageError(`invalid ${flag} "${text}": expected whole days such as 30d or 2w`);
  }
  if (days < min || days > max) {
    throw usageError(`invalid ${flag} "${text}": must be between ${min} and ${max} days`);
  }
  return days;
}
