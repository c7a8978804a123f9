/**
 * One `auth login` at a time stores a key (hostile pass s14, HX-6: two
 * logins at once each read the same old key, each said it replaced that one, and one of the two
 * new keys was lost without a word). The read of the key stored before, the write of the new one
 * and the stale mark of the completion caches happen under `login.lock` in the configuration
 * directory; a second login waits for the first (a few seconds at most: the lock is held around
 * keychain calls only, never around a prompt), then reads what the first stored.
 */
import { join } from 'node:path';
import { CliError } from './errors.js';
import { describeFileType } from './files.js';
import { acquirePidLock, type LockWords, type PidLock } from './pid-lock.js';
import { shownPathBare } from './shown-value.js';

/** How long a login waits for another one to finish. */
const WAIT_MS = 15_000;
const POLL_MS = 50;

class Held extends Error {}
/** The lock file could not be made or written (a full disk): the login goes on without it. */
class Unwritable extends Error {}

function words(path: string, warn: (line: string) => void): LockWords {
  const shown = shownPathBare(path);
  return {
    held: () => new Held(),
    notAFile: (st) =>
      new CliError('config', `${shown} is ${describeFileType(st)}: refusing to use it as a lock`, {
        hint: `no login leaves anything but a file there: remove ${shown} if you know what it is`,
      }),
    // The store's own write then says what failed, and keeps the previous key (a full disk).
    cannotCreate: () => new Unwritable(),
    cannotWrite: () => new Unwritable(),
    churn: () => new Held(),
    takingOver: (holder) =>
      warn(
        holder
          ? `taking over ${shown} from auth login pid ${holder.pid}, which is no longer running`
          : `taking over ${shown}, left unreadable by a login that is no longer running`,
      ),
  };
}

/** Run `body` holding the login lock of `configDir` (which exists and is trusted). */
export async function underLoginLock<T>(
  configDir: string,
  warn: (line: string) => void,
  body: () => Promise<T>,
): Promise<T> {
  const path = join(configDir, 'login.lock');
  const until = Date.now() + WAIT_MS;
  let lock: PidLock | undefined;
  while (lock === undefined) {
    try {
      lock = acquirePidLock(path, new Date(), words(path, warn));
    } catch (e) {
      if (e instanceof Unwritable) return body();
      if (!(e instanceof Held)) throw e;
      if (Date.now() >= until) {
        throw new CliError('config', 'another auth login has been storing a key for 15 s', {
          hint: `wait for it to finish; if none is running, remove ${shownPathBare(path)}`,
        });
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }
  try {
    return await body();
  } finally {
    lock.release();
  }
}
