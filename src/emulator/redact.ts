// What the emulator writes about a request (its access log, error lines, audit metadata) must not
// carry a key, even one a user pasted into a URL: query strings are dropped, and key-shaped text in
// the path is replaced, whether it was sent plain or percent-encoded.

/** `fib_` and enough key characters to be one (the CLI's redact() uses the same shape). */
const KEY_SHAPED = /fib_[A-Za-z0-9_-]{8,}/g;
/** An Authorization value (`Bearer xyz`) pasted somewhere it does not belong. */
const BEARER_SHAPED = /bearer[\s+]+[^\s/]+/gi;

export const REDACTED = '[REDACTED]';

/** Text with anything shaped like a key or a bearer credential replaced by [REDACTED]. */
export function redactKeys(text: string): string {
  return text.replace(BEARER_SHAPED, REDACTED).replace(KEY_SHAPED, REDACTED);
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * A request target as the emulator may record it: the path without its query string (or
 * fragment), with every segment that holds something key-shaped (plain or once decoded, so
 * `fib%5Ftest_…` and `Bearer%20…` count) replaced by [REDACTED]. The raw path is kept otherwise, so
 * the line stays one token: percent-encoded control characters stay encoded.
 */
export function loggablePath(url: string): string {
  const end = url.search(/[?#]/);
  const path = end === -1 ? url : url.slice(0, end);
  return path
    .split('/')
    .map((segment) => {
      const plain = decoded(segment);
      return redactKeys(segment) !== segment || redactKeys(plain) !== plain ? REDACTED : segment;
    })
    .join('/');
}
