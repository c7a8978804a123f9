/**
 * Writing a file whose path the user named (`security check --output F`, `--write-baseline F`, the
 * completion script). A regular file (or a new name) is replaced atomically, as writeFileAtomic does.
 * But what a user names may be something that is not a file at all: `--output /dev/stdout` in a CI
 * job, a FIFO another process reads, `/dev/null`. Renaming over those destroys them (as root, the
 * container's /dev/stdout becomes a regular file and nothing reaches the log again), so they are
 * written through with a plain open and write, which is what the user means by naming them. A
 * directory, a socket or a block device is refused: there is nothing sensible to write into it.
 */
import { closeSync, constants, fstatSync, openSync, type Stats, statSync, writeSync } from 'node:fs';
import { type AtomicWriteOptions, describeFileType, writeFileAtomic } from './files.js';
import { describeWriteError } from './write-errors.js';

/** What writeNamedFile will not write to: the destination's kind, in words ("a directory"). */
export class UnwritableTarget extends Error {
  constructor(readonly kind: string) {
    super(`it is ${kind}`);
    this.name = 'UnwritableTarget';
  }
}

/** Whatever writeFileAtomic takes (a string, bytes, or a report in pieces). */
type Data = Parameters<typeof writeFileAtomic>[1];

/** What is at `path`, following links (a link to /proc/self/fd/1 is what it points to): null when nothing is. */
function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // A dangling link is replaced like a missing file (rename replaces the link, never its target).
    if (code === 'ENOENT') return null;
    throw e;
  }
}

const streamLike = (st: Stats) => st.isFIFO() || st.isCharacterDevice();

/**
 * Write `data` to the file the user named: atomically when it is a regular file or does not exist,
 * written through when it is a FIFO or a character device (or a link to one), refused
 * (UnwritableTarget) otherwise. Errors are errno errors (ENOSPC from /dev/full, EPIPE from a FIFO
 * whose reader went away) or UnwritableTarget; describeOutputError puts either in words.
 */
export function writeNamedFile(path: string, data: Data, options: AtomicWriteOptions = {}): void {
  const st = statOrNull(path);
  if (st === null || st.isFile()) {
    writeFileAtomic(path, data, options);
    return;
  }
  if (!streamLike(st)) throw new UnwritableTarget(describeFileType(st));
  // No O_CREAT: if the name changed since the stat, the open fails instead of creating a file
  // that bypasses the atomic path. A FIFO's open waits for its reader, as a shell's `>` does.
  const fd = openSync(path, constants.O_WRONLY | (constants.O_NOCTTY ?? 0));
  try {
    const now = fstatSync(fd);
    if (!streamLike(now)) throw new UnwritableTarget(describeFileType(now));
    if (typeof data === 'string' || data instanceof Uint8Array) writeAll(fd, data);
    else for (const piece of data as Iterable<string>) writeAll(fd, piece);
  } finally {
    closeSync(fd);
  }
}

/** writeSync may write less than asked (a pipe): loop until every byte is out. */
function writeAll(fd: number, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let off = 0;
  while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
}

/** Why writing the named file failed, in words: "it is a directory", "no space left on device (ENOSPC)". */
export function describeOutputError(e: unknown): string {
  if (e instanceof UnwritableTarget) return e.message;
  return describeWriteError(e);
}
