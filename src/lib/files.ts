/**
 * Every file the CLI (and the emulator) writes goes through here, so that none is ever written
 * through a link someone planted or created with someone else's owner and mode. The rules:
 * - a new file is created exclusively (O_CREAT | O_EXCL | O_NOFOLLOW): when the name already exists,
 *   as a file or as a symbolic link, the open fails instead of writing through it;
 * - its mode is set on the open descriptor (fchmod), never by path, so the umask cannot widen it
 *   and a swapped name cannot redirect it;
 * - a replacement is a sibling temporary file with an unpredictable name, renamed over the target.
 *   rename() replaces a symbolic link at the target itself; it never follows it.
 */
import {
  closeSync,
  constants,
  fchmodSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  type Stats,
  writeFileSync,
} from 'node:fs';
import { dirname } from 'node:path';

/** Flags for a file that must not exist yet, and must not be reached through a link. */
export const EXCLUSIVE_CREATE =
  constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

export interface AtomicWriteOptions {
  /** The file's mode, set exactly (the umask may only narrow it). Default 0600. */
  mode?: number;
  /** fsync before the rename: for files a crash must not lose (keys), not for caches or checkpoints. */
  sync?: boolean;
  /** Create the parent directory first, with this mode. */
  dirMode?: number;
}

/**
 * Create `path`, which must not exist, and return its descriptor (write-only) with exactly `mode`.
 * EEXIST when anything (a file, a link, a dangling link) already has the name.
 */
export function createExclusive(path: string, mode = 0o600): number {
  const fd = openSync(path, EXCLUSIVE_CREATE, mode);
  try {
    fchmodSync(fd, mode);
  } catch (e) {
    closeSync(fd);
    rmSync(path, { force: true });
    throw e;
  }
  return fd;
}

/** A sibling name nobody can predict, so nobody can plant a link there in advance. */
export function tempSibling(path: string): string {
  // node:crypto loaded on first use: a command that writes nothing (--help) does not pay for it.
  const { randomBytes } = process.getBuiltinModule('node:crypto');
  return `${path}.${randomBytes(6).toString('hex')}.tmp`;
}

/**
 * Replace `path` atomically: a sibling temporary file is created exclusively with its final mode,
 * written, and renamed over `path`, so no reader ever sees it half-written or briefly readable by
 * others, and nothing is ever written through a planted link. On failure the temporary file is
 * removed and `path` is untouched.
 */
export function writeFileAtomic(
  path: string,
  data: string | Uint8Array | Iterable<string>,
  options: AtomicWriteOptions = {},
): void {
  const mode = options.mode ?? 0o600;
  if (options.dirMode !== undefined) mkdirSync(dirname(path), { recursive: true, mode: options.dirMode });
  const tmp = tempSibling(path);
  const fd = createExclusive(tmp, mode);
  try {
    try {
      // Pieces (a long report) are written as they come, never joined into one string first.
      if (typeof data === 'string' || data instanceof Uint8Array) writeFileSync(fd, data);
      else for (const piece of data) writeFileSync(fd, piece);
      if (options.sync) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** What is at a path, without following a link there: null when nothing is. */
export function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** "a symbolic link", "a directory", …: what a non-regular file is, for messages. */
export function describeFileType(st: Stats): string {
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Whether a file that this process is about to trust (a checkpoint, a partial export) could have
 * been written by someone else: owned by another user, or writable by group or others. Always
 * false where there are no POSIX owners (Windows).
 */
export function foreignOrShared(st: Stats): boolean {
  const uid = process.getuid?.();
  if (uid === undefined) return false;
  return st.uid !== uid || (st.mode & 0o022) !== 0;
}

/** A failed open or read of a file, in words ("no such file"), not an errno code. */
export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'ELOOP':
      return 'it is a symbolic link';
    default:
      return code ?? (e instanceof Error ? e.message : String(e));
  }
}
