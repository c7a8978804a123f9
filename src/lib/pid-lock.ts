/**
 * A lock file naming its holder: created exclusively (O_EXCL, never through a link) with the
 * holder's pid, host and start time, held while the work runs and removed at its end. One mechanism
 * for every "one at a time" in the tool (an export per output file, an emulator per data dir); each
 * caller says in its own words what a refusal means.
 *
 * A lock whose process is gone (SIGKILL, a crash, a reboot) is stale: the next holder says so and
 * takes it over. Taking over removes the stale file only if it is still the one that was read
 * (same inode), so of two processes that find the same stale lock one takes it and the other finds
 * the new holder; what the gap between those two system calls leaves open, held() lets a caller
 * check at the moments that matter. A lock from another host cannot be checked and is never taken
 * over.
 */
import { closeSync, constants, fstatSync, openSync, readSync, rmSync, type Stats, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { createExclusive, lstatOrNull } from './files.js';

/** What a lock file says about its holder. */
export interface LockHolder {
  pid: number;
  host: string;
  started_at: string;
}

/** The errors (or warning) a caller gives for each way taking the lock can go. */
export interface LockWords {
  /** A live holder (null: one that has not written who it is yet); `here`: on this host. */
  held(holder: LockHolder | null, here: boolean): Error;
  /** The lock's path is a directory, a link, a socket… */
  notAFile(st: Stats): Error;
  cannotCreate(e: unknown): Error;
  cannotWrite(e: unknown): Error;
  /** The lock kept appearing and disappearing: others are taking it right now. */
  churn(): Error;
  /** Announce the take-over of a stale lock (null: an unreadable one). */
  takingOver(holder: LockHolder | null): void;
}

/** A held lock. */
export interface PidLock {
  /** Whether the lock file is still this holder's own (nobody removed or replaced it). */
  held(): boolean;
  /** Remove the lock if it is still this holder's own. Never throws. */
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
): { id: { dev: number; ino: number }; holder: LockHolder | null; ageMs: number } | null {
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
    let holder: LockHolder | null = null;
    try {
      const h = JSON.parse(buf.toString('utf8', 0, n)) as Partial<LockHolder>;
      if (Number.isSafeInteger(h.pid) && (h.pid as number) > 0 && typeof h.host === 'string') {
        holder = { pid: h.pid as number, host: h.host, started_at: String(h.started_at ?? '') };
      }
    } catch {}
    return { id: { dev: st.dev, ino: st.ino }, holder, ageMs: Date.now() - st.mtimeMs };
  } finally {
    closeSync(fd);
  }
}

/** Take the lock at `path` (file mode 0600), or throw the caller's error for why not. */
export function acquirePidLock(path: string, now: Date, words: LockWords): PidLock {
  const me: LockHolder = { pid: process.pid, host: hostname(), started_at: now.toISOString() };
  for (let attempt = 0; attempt < 5; attempt++) {
    let fd: number;
    try {
      fd = createExclusive(path, 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw words.cannotCreate(e);
      const st = lstatOrNull(path);
      if (st && !st.isFile()) throw words.notAFile(st);
      const found = inspect(path);
      if (!found) continue; // released meanwhile: try again
      const { holder } = found;
      const stale = holder
        ? holder.host === me.host && !running(holder.pid)
        : found.ageMs > UNREADABLE_GRACE_MS;
      if (!stale) throw words.held(holder, holder === null || holder.host === me.host);
      // Remove the stale lock only if it is still the file just read.
      if (!sameFile(found.id, lstatOrNull(path))) continue;
      rmSync(path, { force: true });
      words.takingOver(holder);
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
      throw words.cannotWrite(e);
    }
    closeSync(fd);
    return {
      held: () => sameFile(id, lstatOrNull(path)),
      release() {
        try {
          if (sameFile(id, lstatOrNull(path))) rmSync(path, { force: true });
        } catch {}
      },
    };
  }
  throw words.churn();
}
