/**
 * The one way the CLI reads a file or standard input for a value or a request body: at most a
 * limit plus one byte, then a refusal. A plain `readFile` of `/dev/zero` or of a FIFO that never
 * ends grows until the process runs out of memory; here the read stops after `limit + 1` bytes,
 * which is enough to know the input is too large, and the memory used is bounded by the limit.
 */
import { closeSync, constants, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
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
 */
export async function readFileAtMost(path: string, limit: number, what: string): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(CHUNK, limit + 1 - total));
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) return Buffer.concat(chunks, total);
      total += bytesRead;
      if (total > limit) throw new InputTooLarge(what, limit);
      chunks.push(buf.subarray(0, bytesRead));
    }
  } finally {
    await fh.close();
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

/** readFdAtMostSync on `path` (opened read-only, with `flags` added, e.g. O_NOFOLLOW). */
export function readFileAtMostSync(path: string, o: SyncReadLimit, flags = 0): Buffer {
  const fd = openSync(path, constants.O_RDONLY | flags);
  try {
    return readFdAtMostSync(fd, o);
  } finally {
    closeSync(fd);
  }
}
