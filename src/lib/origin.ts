/**
 * The one definition of an API origin. A stored key belongs to exactly one origin and is sent to no
 * other, so the credential lookup (which store entry to read) and the API client (which host it
 * talks to) must agree on it byte for byte: both call apiOrigin() here, and nothing else derives one.
 */
import { usageError } from './errors.js';
import { shownPath } from './shown-value.js';

/** The production API, whose key keeps the Python SDK's keychain entry. */
export const DEFAULT_ORIGIN = 'https://api.fibonacci.today';

/**
 * The origin of a key that no store bound to one: FIBONACCI_API_KEY, which the user sets next to
 * the URL it is meant for (CI), so it goes to whatever --api-url says.
 */
export const ANY_ORIGIN = '*';

/** A key and the origin it may be sent to (ANY_ORIGIN only for FIBONACCI_API_KEY). */
export interface BoundKey {
  key: string;
  origin: string;
}

/**
 * Parse an API base URL: https only, and no user name or password (a `user@` part makes a URL read
 * as one host while it names another, and the key is a bearer token anyway).
 */
export function parseApiUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw usageError(`invalid API URL ${shownPath(raw)}`, 'use https://host[:port]');
  }
  if (url.username !== '' || url.password !== '') {
    // The URL is not quoted: a password in it must not reach the terminal.
    throw usageError(
      `invalid API URL for ${url.host}: it contains a user name or password`,
      'remove the `user@` part: the API key is what authenticates you',
    );
  }
  if (url.protocol !== 'https:') {
    throw usageError(
      `invalid API URL ${shownPath(raw)}: only https:// is supported`,
      'the API is served over TLS 1.3',
    );
  }
  return url;
}

/**
 * The canonical origin of an API URL: `https://` + host + `:port`, with the host as the WHATWG URL
 * parser leaves it (lower case, IDNA to punycode, IPv4 in dotted decimal, IPv6 compressed in
 * brackets) and port 443 elided; path, query and fragment play no part. A trailing dot is kept:
 * `api.fibonacci.today.` is an absolute DNS name, which a resolver with search domains may answer
 * differently from the relative one, so the two are different origins.
 */
export function apiOrigin(url: string | URL): string {
  return parseApiUrl(typeof url === 'string' ? url : url.href).origin;
}

/** Whether `bound` may be sent to `origin`. */
export function keyAllowedFor(bound: BoundKey, origin: string): boolean {
  return bound.origin === ANY_ORIGIN || bound.origin === origin;
}
