/**
 * Writing a file whose path the user named (`security check --output F`, `--write-baseline F`, the
 * completion script). A regular file (or a new name) is replaced atomically, as writeFileAtomic does.
 * But what a user names may be something that is not a file at all: `--output /dev/stdout` in a CI
 * job, a FIFO another process reads, `/dev/null`. Renaming over those destroys them (as root, the
 * container's /dev/stdout becomes a regular file and nothing reaches the log again), so they are
 * written through with a plain open and write, which is what the user means by naming them. A
 * directory, a socket or a block device is refused: there is nothing sensible to write into it.
 *
 * Nothing here waits inside a system call. A blocking open(2) of a FIFO with no reader, or a write
 * into a full pipe, holds the main thread (or, on the thread pool, keeps the process from exiting),
 * and main's SIGINT/SIGTERM handlers are JavaScript: only SIGKILL ended such a wait. So the open is
 * O_NONBLOCK (ENXIO while no process reads the FIFO: tried again on a timer), a FIFO is written as a
 * pipe on the event loop, a device's EAGAIN is waited out on a timer, and an interrupt ends either.
 */
import { closeSync, constants, fstatSync, openSync, type Stats, statSync, writeSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { note } from './display/messages.js';
import { t } from './display/text.js';
import { CliError } from './errors.js';
import { type AtomicWriteOptions, describeFileType, writeFileAtomic } from './files.js';
import type { IO } from './io.js';
import { shownPathBare } from './shown-value.js';
import { describeWriteError } from './write-errors.js';

/** What writeNamedFile will not write to: the destination's kind, in words ("a directory"). */
export class UnwritableTarget extends Error {
  constructor(readonly kind: string) {
    super(`it is ${kind}`);
    this.name = 'UnwritableTarget';
  }
}

/** Ctrl-C or SIGTERM while the write waited for the FIFO's reader or for room in it. */
export class WriteInterrupted extends Error {
  constructor() {
    super('interrupted while waiting for a process to read it');
    this.name = 'WriteInterrupted';
  }
}

/** Whatever writeFileAtomic takes (a string, bytes, or a report in pieces). */
type Data = Parameters<typeof writeFileAtomic>[1];

export interface NamedFileOptions extends AtomicWriteOptions {
  /** Where Ctrl-C and SIGTERM arrive (they end a wait: WriteInterrupted), and where a wait is said. */
  io?: IO;
  /** false: a FIFO no process reads is refused at once (a file the shell reads, not a pipe the user set up). */
  waitForReader?: boolean;
}

/** How often a FIFO with no reader is tried again, and the longest wait for room in a full device. */
const RETRY_MS = 100;

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
const errno = (e: unknown) => (e as NodeJS.ErrnoException).code;

/**
 * Write `data` to the file the user named: atomically when it is a regular file or does not exist,
 * written through when it is a FIFO or a character device (or a link to one), refused
 * (UnwritableTarget) otherwise. Errors are errno errors (ENOSPC from /dev/full, EPIPE from a FIFO
 * whose reader went away), UnwritableTarget (also for a FIFO with no reader when not waiting) or
 * WriteInterrupted; namedFileError puts any of them in words.
 */
export async function writeNamedFile(
  path: string,
  data: Data,
  options: NamedFileOptions = {},
): Promise<void> {
  const st = statOrNull(path);
  if (st === null || st.isFile()) {
    writeFileAtomic(path, data, options);
    return;
  }
  if (!streamLike(st)) throw new UnwritableTarget(describeFileType(st));
  const controller = new AbortController();
  const undo = options.io?.onInterrupt(() => controller.abort());
  // Said once, when the wait starts: without it the command only looks hung.
  const io = options.io;
  const waiting = io
    ? () => note(io, t`waiting for a process to read ${shownPathBare(path)} (a named pipe); Ctrl-C stops`)
    : () => {};
  try {
    await writeThrough(path, data, { wait: options.waitForReader ?? true, waiting }, controller.signal);
  } catch (e) {
    if (controller.signal.aborted) throw new WriteInterrupted();
    throw e;
  } finally {
    undo?.();
  }
}

interface ReaderWait {
  wait: boolean;
  /** Called once, when a FIFO has no reader yet and the open will be tried again. */
  waiting: () => void;
}

async function writeThrough(
  path: string,
  data: Data,
  reader: ReaderWait,
  signal: AbortSignal,
): Promise<void> {
  const fd = await openForWriting(path, reader, signal);
  let now: Stats;
  try {
    now = fstatSync(fd);
    if (!streamLike(now)) throw new UnwritableTarget(describeFileType(now));
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  const pieces = typeof data === 'string' || data instanceof Uint8Array ? [data] : (data as Iterable<string>);
  if (now.isFIFO()) {
    // A pipe on the event loop (epoll): backpressure without a blocked thread; the Socket owns fd.
    const { Socket } = process.getBuiltinModule('node:net');
    const pipe = new Socket({ fd, readable: false, writable: true });
    try {
      await pipeline(Readable.from(pieces, { objectMode: false }), pipe, { signal });
    } finally {
      pipe.destroy();
    }
    return;
  }
  try {
    for (const piece of pieces) await writeAll(fd, piece, signal);
  } finally {
    closeSync(fd);
  }
}

/**
 * Open without waiting: no O_CREAT (if the name changed since the stat, the open fails instead of
 * creating a file that bypasses the atomic path). A FIFO with no reader is ENXIO: tried again until
 * one comes, as a shell's `>` waits, unless `wait` is false.
 */
async function openForWriting(path: string, reader: ReaderWait, signal: AbortSignal): Promise<number> {
  const flags = constants.O_WRONLY | constants.O_NONBLOCK | (constants.O_NOCTTY ?? 0);
  for (let tries = 0; ; tries++) {
    try {
      return openSync(path, flags);
    } catch (e) {
      if (errno(e) !== 'ENXIO' || !statOrNull(path)?.isFIFO()) throw e;
      // ENXIO on a device means something else (no such device): only a FIFO's is "no reader".
      if (!reader.wait) throw new UnwritableTarget('a named pipe that no process is reading');
      if (tries === 0) reader.waiting();
    }
    await sleep(RETRY_MS, undefined, { signal });
  }
}

/** A non-blocking write may take less than asked, or nothing (EAGAIN: a terminal held): loop until every byte is out. */
async function writeAll(fd: number, data: string | Uint8Array, signal: AbortSignal): Promise<void> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let off = 0;
  let pause = 1;
  while (off < bytes.length) {
    try {
      off += writeSync(fd, bytes, off, bytes.length - off);
      pause = 1;
    } catch (e) {
      if (errno(e) !== 'EAGAIN') throw e;
      await sleep(pause, undefined, { signal });
      pause = Math.min(pause * 2, RETRY_MS);
    }
  }
}

/** Why writing the named file failed, in words: "it is a directory", "no space left on device (ENOSPC)". */
export function describeOutputError(e: unknown): string {
  if (e instanceof UnwritableTarget || e instanceof WriteInterrupted) return e.message;
  return describeWriteError(e);
}

/** What to do about a failed write, by its cause; undefined where only the caller knows. */
const CAUSE_HINTS: Readonly<Record<string, string>> = {
  ENOENT: 'its directory does not exist: create it first, or name a file in a directory that exists',
  ENOTDIR: 'a part of the path is not a directory: name a file in a directory that exists',
  EACCES: 'name a file in a directory you may write to',
  EPERM: 'name a file in a directory you may write to',
  EROFS: 'the file system is read-only: name a file on another one',
  ENOSPC: 'free some space, or name a file on another disk',
  EDQUOT: 'free some space (the disk quota is used up), or name a file on another disk',
};

/**
 * The CliError for a failed writeNamedFile: `${what}: ${why}`, exit 3, with the hint for that
 * cause (a missing directory is not a full disk), else the caller's (what to name instead: for a
 * directory or another kind of file it will not write). An interrupt is exit 130 (nothing else
 * was half-done: the report was only being handed over).
 */
export function namedFileError(e: unknown, what: string, hint: string): CliError {
  if (e instanceof WriteInterrupted) {
    return new CliError('interrupted', `${what}: ${e.message}`, {
      hint: 'start the process that reads the named pipe first, or name a regular file',
    });
  }
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const byCause = e instanceof UnwritableTarget || code === undefined ? undefined : CAUSE_HINTS[code];
  return new CliError('config', `${what}: ${describeOutputError(e)}`, { hint: byCause ?? hint });
}
