/**
 * One export per output file at a time. Two exports into one file interleave their pages and
 * rename each other's temporary file: the result is corrupt and both may report success. The lock
 * is `FILE.lock`, created exclusively (O_EXCL, never through a link) with the holder's pid, host
 * and start time, held for the whole export and removed at its end, whatever the outcome.
 *
 * A lock whose process is gone (SIGKILL, a crash, a reboot) is stale: the next export says so and
 * takes it over. Taking over removes the stale file only if it is still the one that was read
 * (same inode), so of two exports that find the same stale lock one takes it and the other finds
 * the new holder; what the gap between those two system calls leaves open, verify() closes: it runs
 * before every checkpoint and before the rename. A lock from another host cannot be checked and is
 * never taken over.
 */
import { closeSync, constants, fstatSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { CliError } from '../errors.js';
import { createExclusive, describeFileType, lstatOrNull } from '../files.js';
import { describeWriteError } from '../write-errors.js';

/** What the lock file says about its holder. */
interface Holder {
  pid: number;
  host: string;
  started_at: string;
}

/** The lock file is no longer this export's own: another process removed or replaced it. */
export class LockLost extends CliError {
  constructor(path: string) {
    super('config', `${path} was removed or taken by another process while this export ran`, {
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

/** An empty or garbled lock younger than this may be one being written right now. */
const UNREADABLE_GRACE_MS = 10_000;
const LOCK_MAX_BYTES = 4096;

function sameFile(a: { dev: number; ino: number }, b: { dev: number; ino: number } | null): boolean {
  return b !== null && a.dev === b.dev && a.ino === b.ino;
}

/** Whether `pid` is a running process (another user's counts: EPERM). Never this one. */
function running(pid: number): boolean {
  if (pid === process.pid) return false; // a reused pid in a container: not a live holder
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Read an existing lock: its identity (dev/ino) and holder, or null holder when unreadable. */
function inspect(
  path: string,
): { id: { dev: number; ino: number }; holder: Holder | null; ageMs: number } | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    const st = fstatSync(fd);
    const buf = Buffer.alloc(LOCK_MAX_BYTES);
    const n = readSync(fd, buf, 0, buf.length, 0);
    let holder: Holder | null = null;
    try {
      const h = JSON.parse(buf.toString('utf8', 0, n)) as Partial<Holder>;
      if (Number.isSafeInteger(h.pid) && (h.pid as number) > 0 && typeof h.host === 'string') {
        holder = { pid: h.pid as number, host: h.host, started_at: String(h.started_at ?? '') };
      }
    } catch {}
    return { id: { dev: st.dev, ino: st.ino }, holder, ageMs: Date.now() - st.mtimeMs };
  } finally {
    closeSync(fd);
  }
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
  const me: Holder = { pid: process.pid, host: hostname(), started_at: now.toISOString() };
  for (let attempt = 0; attempt < 5; attempt++) {
    let fd: number;
    try {
      fd = createExclusive(path, 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new CliError('config', `cannot create ${path}: ${describeWriteError(e)}`, {
          hint: 'the directory of --output must be writable; free some space or choose another --output',
        });
      }
      const st = lstatOrNull(path);
      if (st && !st.isFile()) {
        throw new CliError('config', `${path} is ${describeFileType(st)}: refusing to use it as a lock`, {
          hint: `no export leaves anything but a file there: remove ${path} if you know what it is`,
        });
      }
      const found = inspect(path);
      if (!found) continue; // released meanwhile: try again
      const { holder } = found;
      const stale = holder
        ? holder.host === me.host && !running(holder.pid)
        : found.ageMs > UNREADABLE_GRACE_MS;
      if (!stale) {
        const who = holder
          ? `pid ${holder.pid}${holder.host === me.host ? '' : ` on ${holder.host}`}, started ${holder.started_at}`
          : 'a process that has not said who it is yet';
        throw new CliError('config', `another export to ${output} is running (${who})`, {
          hint: `wait for it to finish; if no export is running, remove ${path}`,
        });
      }
      // Remove the stale lock only if it is still the file just read.
      if (!sameFile(found.id, lstatOrNull(path))) continue;
      rmSync(path, { force: true });
      warn(
        holder
          ? `warning: taking over ${path} from export pid ${holder.pid}, which is no longer running`
          : `warning: taking over ${path}, left unreadable by an export that is no longer running`,
      );
      continue;
    }
    let id: { dev: number; ino: number };
    try {
      writeSync(fd, `${JSON.stringify(me)}\n`);
      const st = fstatSync(fd);
      id = { dev: st.dev, ino: st.ino };
    } catch (e) {
      closeSync(fd);
      rmSync(path, { force: true });
      throw new CliError('config', `cannot write ${path}: ${describeWriteError(e)}`, {
        hint: 'free some space or choose another --output',
      });
    }
    closeSync(fd);
    return {
      verify() {
        if (!sameFile(id, lstatOrNull(path))) throw new LockLost(path);
      },
      release() {
        try {
          if (sameFile(id, lstatOrNull(path))) rmSync(path, { force: true });
        } catch {}
      },
    };
  }
  throw new CliError('config', `${path} keeps changing: another export to ${output} is starting`, {
    hint: 'run one export to a file at a time',
  });
}
