import { close, constants, createReadStream, fstat, open, read } from 'node:fs';
import { promisify } from 'node:util';

// The scanned files' bytes, read with bounded-read.ts's guards (an open that never blocks, regular
// files only, at most the limit) into one buffer per reader, reused from file to file. A fresh
// buffer per file (64 KiB at least, another for the read that finds the end, a third to join
// them) cost ~140 KiB of ArrayBuffer per file; held across the reads' awaits, their wrappers
// were promoted and freed only by a full collection, so over 10,000 files the process held
// ~5 MB of dead buffers at any moment, and more as the tree grew. A raw descriptor, not a
// FileHandle, for the same reason: one native object less per file.

const openFd = promisify(open);
const statFd = promisify(fstat);
const readFd = promisify(read);
const closeFd = promisify(close);

/** The first read's size when nothing larger was needed yet. */
const INITIAL = 64 * 1024;

const newDecoder = () => new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** What one read found: the file's bytes (a view of the reader's buffer), or why there are none. */
export type ScanRead = { bytes: Uint8Array } | { notRegular: true } | { tooLarge: true };

/** What a pipe's read found: its bytes, or, past the limit, all of it as a stream (read once, then closed). */
export type PipeRead = { bytes: Uint8Array } | { overLimit: PipeRest };

/** All of a pipe read past the limit, as one stream: `close` ends the pipe's read, read to its end or not. */
export interface PipeRest {
  rest: AsyncIterable<Buffer>;
  close: () => void;
}

/** The chunks read so far, then the rest of the pipe; the stream is destroyed when it ends or is left. */
async function* pipeRest(
  read: Buffer[],
  it: AsyncIterator<Buffer>,
  stream: { destroy(): void },
): AsyncGenerator<Buffer> {
  try {
    for (let chunk = read.shift(); chunk !== undefined; chunk = read.shift()) yield chunk;
    for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
  } finally {
    stream.destroy();
  }
}

/** Reads one file at a time; the bytes it returns are valid until its next read. */
export class FileReader {
  private buf = Buffer.allocUnsafe(INITIAL);

  /** Reused too: a decoder holds a native converter, one per file was garbage outside the heap. */
  private utf8 = newDecoder();

  constructor(private readonly limit: number) {}

  /** `bytes` as text (a copy), or undefined when they are not UTF-8. */
  text(bytes: Uint8Array): string | undefined {
    try {
      return this.utf8.decode(bytes);
    } catch {
      // Whatever state a failed decode leaves behind is not carried to the next file.
      this.utf8 = newDecoder();
      return undefined;
    }
  }

  /** Open and read `path` (a link is followed); open and read errors are thrown as they are. */
  async read(path: string | Buffer): Promise<ScanRead> {
    const fd = await openFd(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const st = await statFd(fd);
      if (!st.isFile()) return { notRegular: true };
      if (st.size > this.limit) return { tooLarge: true };
      // One byte more than the size: a file that grew since fstat is read to the limit, then refused.
      this.reserve(Math.min(st.size + 1, this.limit + 1));
      let total = 0;
      for (;;) {
        if (total === this.buf.length) this.reserve(Math.min(total * 2, this.limit + 1));
        const room = this.buf.length - total;
        const { bytesRead } = await readFd(fd, this.buf, total, room, null);
        if (bytesRead === 0) return { bytes: this.buf.subarray(0, total) };
        total += bytesRead;
        if (total > this.limit) return { tooLarge: true };
      }
    } finally {
      await closeFd(fd);
    }
  }

  /**
   * A pipe named on the command line as the shell's process substitution gives one
   * (`security check <(git show HEAD:wf.yaml)`: `/dev/fd/63`), read to its end as standard input
   * is, at most the limit: its writer is the shell's command, which ends. Past the limit, what was
   * read and the rest of the pipe are handed on as one stream (`overLimit`), to be scanned window by
   * window as a large file is: its start is read and gone, and skipping it passed a token the same
   * text in a file fails (SC-PIPE).
   */
  async readPipe(path: string): Promise<PipeRead> {
    const chunks: Buffer[] = [];
    let total = 0;
    const stream = createReadStream(path, { highWaterMark: INITIAL });
    const it = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    let handed = false;
    try {
      for (let n = await it.next(); !n.done; n = await it.next()) {
        total += n.value.length;
        chunks.push(n.value);
        if (total > this.limit) {
          handed = true;
          return { overLimit: { rest: pipeRest(chunks, it, stream), close: () => stream.destroy() } };
        }
      }
    } finally {
      if (!handed) stream.destroy();
    }
    return { bytes: Buffer.concat(chunks, total) };
  }

  /** Grow the buffer to at least `size` bytes, keeping what it holds. */
  private reserve(size: number): void {
    if (this.buf.length >= size) return;
    const grown = Buffer.allocUnsafe(size);
    this.buf.copy(grown);
    this.buf = grown;
  }
}
