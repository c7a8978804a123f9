// Node's own cache of the names `__complete` fetched: one JSON file per question, under
// `<cache>/fibonacci/completion/`, named by a digest of the origin, the base URL, the key (as a
// digest), the kind and what else shapes the answer, so one key's names on one origin are never
// offered for another. `secret set --env E` reads the environment names from it before it asks the
// server whether E is a typo (an exact hit: E held a secret less than a TTL ago), and writes what
// it fetched on a miss, as `__complete env` would have.

import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readFdAtMostSync } from '../bounded-read.js';
import { makeTrustedDir, type TrustRule, untrusted, untrustedAncestor } from '../file-trust.js';
import { writeFileAtomic } from '../files.js';
import type { Settings } from '../settings.js';
import { xdgDir } from '../xdg.js';
import { CACHE_MAX_BYTES, CACHE_MAX_NAMES, CACHE_TTL_SECONDS, type DynamicKind } from './values.js';

/** How long fetched values are reused. */
export const CACHE_TTL_MS = CACHE_TTL_SECONDS * 1000;

/** The cache file of one `__complete` question (exported for tests that plant something there). */
export function cachePath(env: NodeJS.ProcessEnv, parts: readonly string[]): string {
  const id = createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);
  return join(xdgDir(env, 'cache'), 'fibonacci', 'completion', `${id}.json`);
}

/** The entry for `kind` (and the `--env` word, for secret names) asked with `key` under `settings`. */
export function namesCachePath(
  env: NodeJS.ProcessEnv,
  settings: Pick<Settings, 'origin' | 'baseUrl' | 'defaultEnvironment'>,
  key: string,
  kind: DynamicKind,
  envWord: string | undefined,
): string {
  const keyId = createHash('sha256').update(key).digest('hex');
  const { origin, baseUrl, defaultEnvironment } = settings;
  return cachePath(env, [origin, baseUrl, keyId, kind, envWord ?? '', defaultEnvironment ?? '']);
}

/**
 * The cache decides which names TAB offers for `secret delete`, `revoke-key`, `set-role`, and
 * whether `secret set --env E` asks: it is believed, and written, only where no other user could
 * have put it (a file of this user's that others may not write, in directories others may not
 * write, by name and by real path).
 */
const CACHE_TRUST: TrustRule = { othersMayRead: false, systemOwned: true };

/** Whether the directory of `path` and every one above it are trusted (see CACHE_TRUST). */
export function trustedCacheDir(path: string): boolean {
  return untrustedAncestor(dirname(path), CACHE_TRUST) === undefined;
}

export interface CachedNames {
  at: number;
  values: string[];
}

/** The entry at `path` when it is trusted, well formed and younger than the TTL at `now`. */
export function readNamesCache(path: string, now: number): CachedNames | undefined {
  try {
    // Synchronous, so a FIFO at the path would block the 900 ms limit's own timer: O_NONBLOCK, and
    // the read stops at CACHE_MAX_BYTES (a link to /dev/zero is an ordinary cache miss).
    const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
    let text: string;
    try {
      const st = fstatSync(fd);
      if (untrusted(st, 'file', { othersMayRead: false, systemOwned: false }) || !trustedCacheDir(path))
        return undefined;
      text = readFdAtMostSync(fd, { limit: CACHE_MAX_BYTES, what: path }).toString('utf8');
    } finally {
      closeSync(fd);
    }
    const c = JSON.parse(text) as CachedNames;
    if (now - c.at < CACHE_TTL_MS && now >= c.at && Array.isArray(c.values)) return c;
  } catch {}
  return undefined;
}

/** Write the entry (0600, in 0700 directories); nothing when it could not be trusted or read back. */
export function writeNamesCache(path: string, now: number, values: string[]): void {
  try {
    if (makeTrustedDir(dirname(path), 0o700, CACHE_TRUST)) return;
    // A bigger one would not be read back (readNamesCache's bound): not written either.
    const text = JSON.stringify({ at: now, values });
    if (values.length > CACHE_MAX_NAMES || Buffer.byteLength(text) > CACHE_MAX_BYTES) return;
    writeFileAtomic(path, text);
  } catch {}
}

/** What `__complete env` offers: the default environment, then those the server listed. */
export function environmentNames(
  listed: readonly string[],
  defaultEnvironment: string | undefined,
): string[] {
  return [...new Set([...(defaultEnvironment ? [defaultEnvironment] : []), ...listed])];
}
