/**
 * One emulator per data dir, and a start that fails takes back what it added.
 *
 * Two emulators on one dir would each generate certificates on a fresh dir (the second overwriting
 * the CA the first already serves from memory) and bootstrap or migrate the same database; so a
 * start holds `emulator.lock` (lib/pid-lock.ts: exclusive, naming pid, host and start time; the lock
 * of a process that is gone is taken over with a warning) from before it writes anything until it
 * has stopped. The out-of-band writers (`add-user`, `seed-audit`) take no lock: they only add rows,
 * in one SQLite transaction each, which WAL mode lets them do beside a running emulator.
 *
 * A start that fails after the lock (the port in use, a refused master key) removes what it added,
 * never what was there: the data dir itself when this start made it (so no owner key is left that
 * nobody was shown), else each file of the data dir that did not exist when the lock was taken.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describeFileType, lstatOrNull } from '../lib/files.js';
import { acquirePidLock, type LockWords, type PidLock } from '../lib/pid-lock.js';
import { quotedPath } from '../lib/quote.js';
import { shownPathBare } from '../lib/shown-value.js';
import { describeWriteError } from '../lib/write-errors.js';
import { type DataPaths, dataFiles } from './files.js';

/** The lock file in a data dir. */
export const LOCK_FILE = 'emulator.lock';

/** The data dir is another emulator's, or its lock cannot be taken: refused at start (exit 3). */
export class DataDirLockedError extends Error {
  constructor(
    message: string,
    /** What the user should do about it. */
    readonly fix: string,
    /** Another emulator holds the dir (not: the lock could not be made). */
    readonly held = false,
  ) {
    super(message);
    this.name = 'DataDirLockedError';
  }
}

/** A data dir this start holds. */
export interface DataDirClaim {
  /** Undo this start's additions and let the dir go: for a start that failed. Never throws. */
  abandon(): void;
  /** Let the dir go, keeping everything: for an emulator that ran and stopped. Never throws. */
  release(): void;
}

function lockWords(paths: DataPaths, lockPath: string, log: (line: string) => void): LockWords {
  const fail = (message: string, fix: string, held = false) => new DataDirLockedError(message, fix, held);
  const remove = `if no emulator runs there, remove ${quotedPath(lockPath)}`;
  return {
    held(holder, here) {
      const who = holder
        ? `pid ${holder.pid}${here ? '' : ` on ${holder.host}`}, started ${holder.started_at}`
        : 'a process that has not said who it is yet';
      const stop = holder && here ? `stop it (kill ${holder.pid})` : 'stop it';
      return fail(
        `the data dir ${shownPathBare(paths.dir)} is in use by another emulator (${who})`,
        `${stop} or give this one another --data-dir; ${remove}`,
        true,
      );
    },
    notAFile: (st) =>
      fail(`${shownPathBare(lockPath)} is ${describeFileType(st)}: refusing to use it as a lock`, remove),
    cannotCreate: (e) =>
      fail(
        `cannot create ${shownPathBare(lockPath)}: ${describeWriteError(e)}`,
        'the data dir must be writable',
      ),
    cannotWrite: (e) =>
      fail(`cannot write ${shownPathBare(lockPath)}: ${describeWriteError(e)}`, 'free some space'),
    churn: () =>
      fail(
        `${shownPathBare(lockPath)} keeps changing: another emulator is starting on ${shownPathBare(paths.dir)}`,
        'start one at a time',
        true,
      ),
    takingOver: (holder) =>
      log(
        holder
          ? `warning: taking over ${shownPathBare(lockPath)} from emulator pid ${holder.pid}, which is no longer running`
          : `warning: taking over ${shownPathBare(lockPath)}, left unreadable by an emulator that is no longer running`,
      ),
  };
}

/**
 * Lock `paths.dir` for this start (DataDirLockedError when another emulator holds it) and note what
 * is there now. `created`: this start made the dir (ensureDataDir said so).
 */
export function claimDataDir(
  paths: DataPaths,
  created: boolean,
  now: Date,
  log: (line: string) => void,
): DataDirClaim {
  const lockPath = join(paths.dir, LOCK_FILE);
  const lock: PidLock = acquirePidLock(lockPath, now, lockWords(paths, lockPath, log));
  const existed = new Set(dataFiles(paths).filter((path) => lstatOrNull(path) !== null));
  let done = false;
  return {
    abandon() {
      if (done) return;
      done = true;
      try {
        // Only while the lock is still ours: otherwise these files may be another start's.
        if (lock.held()) {
          if (created) rmSync(paths.dir, { recursive: true, force: true });
          else for (const path of dataFiles(paths)) if (!existed.has(path)) rmSync(path, { force: true });
        }
      } catch {}
      lock.release();
    },
    release() {
      if (done) return;
      done = true;
      lock.release();
    },
  };
}
