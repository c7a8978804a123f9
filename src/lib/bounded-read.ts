/**
 * The one way the CLI reads a file or standard input for a value or a request body: at most a
 * limit plus one byte, then a refusal. A plain `readFile` of `/dev/zero` or of a FIFO that never
 * ends grows until the process runs out of memory; here the read stops after `limit + 1` bytes,
 * which is enough to know the input is too large, and the memory used is bounded by the limit.
 */
import {
  closeSync,
  constants,
  promises as fsp,
  fstat as fstatCb,
  fstatSync,
  open as openCb,
  openSync,
  read as readCb,
  readSync,
  type Stats,
} from 'node:fs';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { CliError } from './errors.js';

/** Largest read per call: small enough to stop soon after the limit, large enough to be fast. */
const CHUNK = 64 * 1024;

/** Sizes as people read them: `64 KiB`, `1 MiB`, `100 bytes`. */
export function sizeLabel(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/**
 * The input was larger than the limit. A usage error (exit 2) so that a caller that does not word
 * its own message still prints one `error:` line; callers rethrow with what the input was for.
 */
export class InputTooLarge extends CliError {
  constructor(
    readonly what: string,
    readonly limit: number,
    hint?: string,
    /** 'config' (exit 3) for a file the CLI finds or is configured with rather than a value it is given. */
    kind: 'usage' | 'config' = 'usage',
  ) {
    super(kind, `${what} is larger than ${sizeLabel(limit)}, the most it may be`, { hint });
    this.name = 'InputTooLarge';
  }
}

/** Read a stream to its end, or throw InputTooLarge as soon as more than `limit` bytes arrived. */
export function readStreamAtMost(stream: Readable, limit: number, what: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const done = () => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    const onData = (c: Buffer | string) => {
      const chunk = typeof c === 'string' ? Buffer.from(c) : c;
      total += chunk.length;
      if (total > limit) {
        // Stop reading: the rest of an endless input is never pulled into memory.
        done();
        stream.pause();
        chunks.length = 0;
        reject(new InputTooLarge(what, limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks));
    };
    const onError = (e: Error) => {
      done();
      reject(e);
    };
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
  });
}

/**
 * Read a file (regular, device or FIFO) to its end, or throw InputTooLarge once more than `limit`
 * bytes were read. Errors from opening or reading (ENOENT, EISDIR, EACCES) are thrown as they are.
 *
 * The open never blocks (O_NONBLOCK): a blocking open(2) of a FIFO waits for a writer on a libuv
 * worker thread, and a process with such a thread cannot exit, so Ctrl-C and SIGTERM did nothing.
 * A FIFO (`--from-file <(pass show key)`) is then read as a pipe on the event loop, which still
 * waits for its writer and its end, but a signal ends the process at any moment.
 */
export async function readFileAtMost(path: string, limit: number, what: string): Promise<Buffer> {
  // A plain descriptor, not a FileHandle: a pipe's Socket takes it over and closes it.
  const fd = await promisify(openCb)(path, constants.O_RDONLY | constants.O_NONBLOCK);
  let st: Stats;
  try {
    st = await promisify(fstatCb)(fd);
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  if (st.isFIFO() || st.isSocket()) {
    // node:net loaded only for a pipe: the commands that read no file (--help) do not pay for it.
    const { Socket } = process.getBuiltinModule('node:net');
    const pipe = new Socket({ fd, readable: true, writable: false });
    try {
      return await readStreamAtMost(pipe, limit, what);
    } finally {
      pipe.destroy();
    }
  }
  const read = promisify(readCb);
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(CHUNK, limit + 1 - total));
      const { bytesRead } = await read(fd, buf, 0, buf.length, null);
      if (bytesRead === 0) return Buffer.concat(chunks, total);
      total += bytesRead;
      if (total > limit) throw new InputTooLarge(what, limit);
      chunks.push(buf.subarray(0, bytesRead));
    }
  } finally {
    closeSync(fd);
  }
}

/** What a synchronous bounded read is for: the message of its refusal, and its exit code. */
export interface SyncReadLimit {
  limit: number;
  /** Names the input in the refusal: "--ca-cert file /dev/zero". */
  what: string;
  hint?: string;
  kind?: 'usage' | 'config';
}

/**
 * readFileAtMost for the few callers that must stay synchronous (settings at start-up, the
 * emulator's data dir, the completion cache), on an open descriptor: at most `limit` bytes, else
 * InputTooLarge. The caller owns `fd`.
 */
export function readFdAtMostSync(fd: number, o: SyncReadLimit): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const buf = Buffer.allocUnsafe(Math.min(CHUNK, o.limit + 1 - total));
    const bytesRead = readSync(fd, buf, 0, buf.length, null);
    if (bytesRead === 0) return Buffer.concat(chunks, total);
    total += bytesRead;
    if (total > o.limit) throw new InputTooLarge(o.what, o.limit, o.hint, o.kind);
    chunks.push(buf.subarray(0, bytesRead));
  }
}

/**
 * readFdAtMostSync on `path` (opened read-only, with `flags` added, e.g. O_NOFOLLOW). These callers
 * read a file the CLI or the emulator is configured with, never a pipe: a FIFO is refused at once
 * (the open does not wait for a writer), since a synchronous wait on one could not be interrupted.
 */
export function readFileAtMostSync(path: string, o: SyncReadLimit, flags = 0): Buffer {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | flags);
  try {
    const st = fstatSync(fd);
    if (st.isFIFO() || st.isSocket()) {
      throw new CliError(o.kind ?? 'usage', `${o.what} is a named pipe or a socket, not a regular file`, {
        hint: 'give a regular file',
      });
    }
    return readFdAtMostSync(fd, o);
  } finally {
    closeSync(fd);
  }
}

/** What readCheckedFileSync is for: the limit, and each caller's own words for each refusal. */
export interface CheckedSyncRead extends SyncReadLimit {
  /** Added to O_RDONLY | O_NONBLOCK, e.g. O_NOFOLLOW. */
  flags?: number;
  /** Judges the open file's own status (what is read is what was checked); throws to refuse it. */
  check: (st: Stats) => void;
  /** The open failed: throw in the caller's words, or null when that means "no file" (ENOENT). */
  openFailed: (e: NodeJS.ErrnoException) => null;
  /** More than `limit` bytes: throw in the caller's words. */
  tooLarge: () => never;
}

/**
 * The one sequence for a file the CLI is configured with and must believe (config.json, a PEM, a
 * key file): open without waiting (a FIFO planted there is refused by `check`, not waited on), judge
 * the open descriptor, read at most `limit` bytes. Any other error after the open is thrown as it is.
 */
export function readCheckedFileSync(path: string, o: CheckedSyncRead): Buffer | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (o.flags ?? 0));
  } catch (e) {
    return o.openFailed(e as NodeJS.ErrnoException);
  }
  try {
    o.check(fstatSync(fd));
    return readFdAtMostSync(fd, o);
  } catch (e) {
    if (e instanceof InputTooLarge) o.tooLarge();
    throw e;
  } finally {
    closeSync(fd);
  }
}

/** What readRegularFileAtMost found: the bytes, or why there are none. */
export type RegularFileRead = { bytes: Buffer } | { notRegular: Stats } | { tooLarge: true };

/**
 * A file named by the user or met by a walk, read only when it is a regular file (a symbolic link
 * is followed to what it names). The open never blocks (O_NONBLOCK: a blocking open of a FIFO
 * waits for a writer, and no signal short of SIGKILL ends that wait); a FIFO, a device (/dev/zero),
 * a directory or a socket is refused as soon as fstat says so; and the read stops after `limit`
 * bytes, since a regular file can grow while it is read. Open and read errors are thrown as they are.
 */
export async function readRegularFileAtMost(path: string | Buffer, limit: number): Promise<RegularFileRead> {
  // fs.promises, not node:fs/promises: its getter loads that module (and readline with it, about
  // 0.5 ms) when a file is read this way, not at every start.
  const fh = await fsp.open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const st = await fh.stat();
    if (!st.isFile()) return { notRegular: st };
    if (st.size > limit) return { tooLarge: true };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(Math.max(CHUNK, st.size + 1), limit + 1 - total));
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) return { bytes: Buffer.concat(chunks, total) };
      total += bytesRead;
      if (total > limit) return { tooLarge: true };
      chunks.push(buf.subarray(0, bytesRead));
    }
  } finally {
    await fh.close();
  }
}
