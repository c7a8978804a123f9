/**
 * One export per output file at a time. Two exports into one file interleave their pages and
 * rename each other's temporary file: the result is corrupt and both may report success. The lock
 * is `FILE.lock` (lib/pid-lock.ts: exclusive, naming its holder, stale ones taken over), held for
 * the whole export and removed at its end, whatever the outcome; verify() runs before every
 * checkpoint and before the rename, closing the gap a stale lock's take-over leaves open.
 */
import { CliError } from '../errors.js';
import { describeFileType } from '../files.js';
import { acquirePidLock } from '../pid-lock.js';
import { shownPathBare } from '../shown-value.js';
import { describeWriteError } from '../write-errors.js';

/** The lock file is no longer this export's own: another process removed or replaced it. */
export class LockLost extends CliError {
  constructor(path: string) {
    super('config', `${shownPathBare(path)} was removed or taken by another process while this export ran`, {
      hint: 'make sure only one export writes to a file at a time, then export again',
    });
    this.name = 'LockLost';
  }
}

/** A held lock. */
export interface ExportLock {
  /** Throws when the lock file is no longer this export's own (someone removed or replaced it). */
  verify(): void;
  /** Remove the lock if it is still this export's own. Never throws. */
  release(): void;
}

/**
 * Take the lock of `output` or throw exit 3 naming the export that holds it. `warn` reports a
 * stale lock being taken over.
 */
export function acquireExportLock(
  path: string,
  output: string,
  now: Date,
  warn: (line: string) => void,
): ExportLock {
  const lock = acquirePidLock(path, now, {
    held(holder, here) {
      const who = holder
        ? `pid ${holder.pid}${here ? '' : ` on ${holder.host}`}, started ${holder.started_at}`
        : 'a process that has not said who it is yet';
      return new CliError('config', `another export to ${shownPathBare(output)} is running (${who})`, {
        hint: `wait for it to finish; if no export is running, remove ${shownPathBare(path)}`,
      });
    },
    notAFile: (st) =>
      new CliError(
        'config',
        `${shownPathBare(path)} is ${describeFileType(st)}: refusing to use it as a lock`,
        {
          hint: `no export leaves anything but a file there: remove ${shownPathBare(path)} if you know what it is`,
        },
      ),
    cannotCreate: (e) =>
      new CliError('config', `cannot create ${shownPathBare(path)}: ${describeWriteError(e)}`, {
        hint: 'the directory of --output must be writable; free some space or choose another --output',
      }),
    cannotWrite: (e) =>
      new CliError('config', `cannot write ${shownPathBare(path)}: ${describeWriteError(e)}`, {
        hint: 'free some space or choose another --output',
      }),
    churn: () =>
      new CliError(
        'config',
        `${shownPathBare(path)} keeps changing: another export to ${shownPathBare(output)} is starting`,
        {
          hint: 'run one export to a file at a time',
        },
      ),
    takingOver: (holder) =>
      warn(
        holder
          ? `warning: taking over ${shownPathBare(path)} from export pid ${holder.pid}, which is no longer running`
          : `warning: taking over ${shownPathBare(path)}, left unreadable by an export that is no longer running`,
      ),
  });
  return {
    verify() {
      if (!lock.held()) throw new LockLost(path);
    },
    release: () => lock.release(),
  };
}
