import { createHash, randomBytes, randomInt } from 'node:crypto';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random base62 text; `length` 43 carries 256 bits. */
export function randomBase62(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE62[randomInt(62)];
  return out;
}

/** A random identifier with a type prefix: `evt_`, `key_`, `req_`, `org-`, `user-`, … */
export function randomId(prefix: string, bytes = 12): string {
  return `${prefix}${randomBytes(bytes).toString('hex')}`;
}

/** Key environments: the emulator is a sandbox, so it issues `fib_test_` keys. */
export const KEY_PREFIX = 'fib_test_';
/** Characters of a key kept for display (`fib_test_ab12`), as an ApiKey's prefix shows (docs/api.md). */
export const DISPLAY_PREFIX_LENGTH = 13;

/** A new API key: `fib_test_` + 43 base62 characters (256 random bits). */
export function generateApiKey(): string {
  return `${KEY_PREFIX}${randomBase62(43)}`;
}

/** The display prefix stored beside the hash; too short to help guess the key. */
export function displayPrefix(key: string): string {
  return key.slice(0, DISPLAY_PREFIX_LENGTH);
}

/** SHA-256 hex of a key: the only form in which a key is stored. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Milliseconds in a day: key expiry, rotation intervals and certificate lifetimes count whole days. */
export const DAY_MS = 86_400_000;

/** RFC 3339 UTC with milliseconds and `Z`. */
export function isoTime(date: Date): string {
  return date.toISOString();
}
