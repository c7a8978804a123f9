/**
 * The retry policy of README.md "Network behaviour": which requests and outcomes are retried, how long
 * to wait, and the one line that announces each wait. Pure functions, so the client's loop stays
 * small and the policy is tested without a network.
 *
 * Written by hand rather than with undici's RetryAgent because the announcement, the Retry-After cap
 * and the "never retry an okStatus" rule must be exact, and a hand loop with an injectable sleep is
 * far simpler to test.
 */
import { parseHttpDate } from 'undici/lib/util/date.js';
import type { HttpMethod } from './types.js';

/** First backoff step; doubles on every retry. */
export const BACKOFF_BASE_MS = 500;
/** Longest computed backoff. */
export const BACKOFF_CAP_MS = 30_000;
/** Longest wait a server's Retry-After can ask of us. */
export const RETRY_AFTER_CAP_MS = 60_000;

const IDEMPOTENT: ReadonlySet<HttpMethod> = new Set(['GET', 'PUT', 'DELETE']);
const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** True for the methods that may be retried whatever happened: repeating them cannot do the work twice. */
export function isIdempotent(method: HttpMethod): boolean {
  return IDEMPOTENT.has(method);
}

/**
 * Whether a request that failed on the network may be sent again: an idempotent one always (sending
 * it twice does the work once), a POST or PATCH only when none of it was written (`written` false:
 * the connection was refused, the name did not resolve, the handshake failed), so the server cannot
 * have acted on it. Once a byte may have reached the server it is never sent again.
 */
export function mayResend(method: HttpMethod, written: boolean): boolean {
  return isIdempotent(method) || !written;
}

/** True for the statuses worth another try: rate limiting and gateway/availability failures. */
export function isRetryableStatus(status: number): boolean {
  return RETRY_STATUSES.has(status);
}

/**
 * Parse Retry-After into milliseconds, as the server asked (not capped: a quota's hour is said as
 * an hour): RFC 9110's two forms only, delta-seconds (digits) or an HTTP-date (IMF-fixdate and the
 * two obsolete forms, by undici's strict parser). Returns undefined when absent or anything else,
 * so the caller falls back to backoff with jitter: Date.parse would read "-5" as May 2001, a past
 * date, and so "retry at once", request after request.
 */
export function retryAfterAsked(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  let ms: number;
  if (/^\d+$/.test(v)) {
    ms = Number(v) * 1000;
  } else {
    const at = parseHttpDate(v);
    if (at === undefined) return undefined;
    ms = at.getTime() - now;
  }
  return Math.max(0, Math.round(ms));
}

/** Retry-After as the CLI waits it: retryAfterAsked, capped at 60 s. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  const ms = retryAfterAsked(value, now);
  return ms === undefined ? undefined : Math.min(ms, RETRY_AFTER_CAP_MS);
}

/**
 * Exponential backoff with "equal jitter" for retry number `retry` (1 = first retry): half the step
 * is fixed so waits always grow, half is random so many clients don't retry in lockstep.
 */
export function backoffMs(retry: number, random: () => number = Math.random): number {
  const step = Math.min(BACKOFF_BASE_MS * 2 ** (retry - 1), BACKOFF_CAP_MS);
  return Math.round(step / 2 + random() * (step / 2));
}

/** Seconds for humans: one decimal under 10 s ("0.5s", "1s", "2.3s"), whole seconds above. */
export function formatWait(ms: number): string {
  const s = ms / 1000;
  return s < 10 ? `${Math.round(s * 10) / 10}s` : `${Math.round(s)}s`;
}

/**
 * A wait a person plans around, from a server's Retry-After: seconds (formatWait) under 90 s, then
 * "about 5 minutes", "about 1 hour", "about 2 days", rounded.
 */
export function formatLongWait(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const about = (n: number, unit: string): string => `about ${n} ${unit}${n === 1 ? '' : 's'}`;
  if (ms < 90_000) return formatWait(ms);
  if (minutes < 60) return about(minutes, 'minute');
  const hours = Math.round(ms / 3_600_000);
  if (hours < 36) return about(hours, 'hour');
  return about(Math.round(ms / 86_400_000), 'day');
}

/** "503 Service Unavailable", the reason shown when a status is retried. */
export function statusReason(status: number): string {
  // Loaded here, on a retry: at load it would bring Node's whole HTTP stack into every request.
  const text = process.getBuiltinModule('node:http').STATUS_CODES[status];
  return text ? `${status} ${text}` : `HTTP ${status}`;
}

/**
 * The announcement of one wait, e.g. `retrying in 2s: 503 Service Unavailable (attempt 2 of 4)`.
 * `nextAttempt` counts from 1 (the first request); `totalAttempts` is retries + 1.
 */
export function retryMessage(
  waitMs: number,
  reason: string,
  nextAttempt: number,
  totalAttempts: number,
): string {
  return `retrying in ${formatWait(waitMs)}: ${reason} (attempt ${nextAttempt} of ${totalAttempts})`;
}
