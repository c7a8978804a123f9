// What the emulator writes about a request (its access log, error lines, audit metadata, the text a
// denial quotes back) must not carry a key, even one a user pasted into a URL: query strings are
// dropped, and key-shaped text is replaced, whether it was sent plain or percent-encoded, once or
// over and over (`fib%255Ftest_…` is `fib%5Ftest_…` after the router's decoding, `fib_test_…` after
// one more: each `%25` hides one more layer). A path segment that holds another provider's token
// (`workflow run ghp_…`: a token typed where a name goes) is replaced too, by security check's rules.

import { findCredentials } from '../lib/security-check/scan-text.js';

/** `fib_` and enough key characters to be one (the CLI's redact() uses the same shape). */
const KEY_SHAPED = /fib_[A-Za-z0-9_-]{8,}/g;
/** An Authorization value (`Bearer xyz`) pasted somewhere it does not belong. */
const BEARER_SHAPED = /bearer[\s+]+[^\s/]+/gi;
/**
 * Layers of percent-encoding peeled off before text is judged. A client encodes a path once; a
 * proxy may add one. Text that still decodes further after this many is replaced whole: nobody
 * sends that much encoding by accident, and what it hides cannot be checked.
 */
export const MAX_DECODE_LAYERS = 8;

export const REDACTED = '[REDACTED]';

function scrubbed(text: string): string {
  return text.replace(BEARER_SHAPED, REDACTED).replace(KEY_SHAPED, REDACTED);
}

/** One layer of percent-decoding, byte by byte (key characters are ASCII); never throws. */
function decodedOnce(text: string): string {
  return text.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

/**
 * Text with anything shaped like a key or a bearer credential replaced by [REDACTED]. When the
 * shape appears only once the text is percent-decoded (at any depth up to MAX_DECODE_LAYERS), the
 * whole text is replaced: the encoded key cannot be cut out of it and the rest kept.
 */
export function redactKeys(text: string): string {
  let layer = text;
  for (let depth = 0; depth < MAX_DECODE_LAYERS; depth++) {
    const next = decodedOnce(layer);
    if (next === layer) return scrubbed(text);
    if (scrubbed(next) !== next) return REDACTED;
    layer = next;
  }
  return decodedOnce(layer) === layer ? scrubbed(text) : REDACTED;
}

/**
 * A request target as the emulator may record it: the path without its query string (or
 * fragment), with every segment that holds something key-shaped (plain or decoded, at any depth)
 * replaced by [REDACTED]. The raw path is kept otherwise, so the line stays one token:
 * percent-encoded control characters stay encoded.
 */
export function loggablePath(url: string): string {
  const end = url.search(/[?#]/);
  const path = end === -1 ? url : url.slice(0, end);
  return path
    .split('/')
    .map((segment) => (redactKeys(segment) !== segment || holdsToken(segment) ? REDACTED : segment))
    .join('/');
}

/** Whether a segment, plain or decoded (up to MAX_DECODE_LAYERS), holds a provider's token. */
function holdsToken(segment: string): boolean {
  let layer = segment;
  for (let depth = 0; depth <= MAX_DECODE_LAYERS; depth++) {
    if (findCredentials(layer).length > 0) return true;
    const next = decodedOnce(layer);
    if (next === layer) return false;
    layer = next;
  }
  return false;
}
