/**
 * One path segment from a value: percent-encoded, and never `.`, `..` or empty. encodeURIComponent
 * keeps `/`, `?` and `#` inside the segment but leaves a whole `.` or `..` as it is, and the URL
 * parser then removes it (`%2E` too: WHATWG URLs treat it as a dot), so `revoke-key ..` would
 * DELETE `/api/v1/` with the key attached. Every path built from a value goes through here.
 */
import { usageError } from '../errors.js';

export function segment(value: string, what: string): string {
  if (value === '' || value === '.' || value === '..' || /^(?:%2e|\.){1,2}$/i.test(value)) {
    throw usageError(`invalid ${what} "${value}": not a name or an id`, `give the ${what} itself`);
  }
  return encodeURIComponent(value);
}
