import { fstatSync, openSync, statSync, writeSync } from 'node:fs';
import { Writable } from 'node:stream';
import { readFdAtMostSync } from './bounded-read.js';
import { CliError, usageError } from './errors.js';

// The facts io.ts's ProcessIO decides by, and where its prompts are drawn, apart from the IO itself
// (io.ts keeps every read of process.*: these are given the streams, or ask of fd 0 and 1):
// the terminal's width, environment flags and the colour rule, what fd 0 is (a file, a directory,
// the null device), stdout's whole writes on a file, and the terminal a prompt is drawn on.

/**
 * A terminal's width as the layout uses it: a terminal that reports 0 columns (`stty cols 0`, a
 * serial console, some CI ptys) or none is 80 wide, not 0 (tables of "…", help unwrapped).
 */
export function usableColumns(columns: number | undefined): number {
  return columns !== undefined && Number.isInteger(columns) && columns > 0 ? columns : 80;
}

/** An environment flag is on unless unset, empty, `0` or `false`. */
export function truthy(v: string | undefined): boolean {
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

/** Colour only on a terminal (README.md): NO_COLOR and --no-color win; FORCE_COLOR forces. */
export function colorEnabled(isTTY: boolean, env: NodeJS.ProcessEnv, noColor = false): boolean {
  if (noColor || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  if (env.TERM === 'dumb') return false;
  return isTTY;
}

/** stdin is the same character device as /dev/null (by device number), without building process.stdin. */
export function stdinIsNullDevice(): boolean {
  return isNullDevice(0);
}

/** stdout is the null device (`>/dev/null`, or `>&-`: Node reopens a closed stdout as it). */
export function stdoutIsNullDevice(): boolean {
  return isNullDevice(1);
}

function isNullDevice(fd: number): boolean {
  try {
    const st = fstatSync(fd);
    return st.isCharacterDevice() && st.rdev === statSync('/dev/null').rdev;
  } catch {
    return false;
  }
}

/**
 * Where a prompt is drawn: stderr when it is the terminal; when it is redirected (`2>log`), the
 * controlling terminal itself, so the log gets no redraw bytes; without one, no prompt.
 */
export async function promptTerminal(
  stderr: Writable,
  stderrIsTTY: boolean,
  what: string,
): Promise<{ stream: Writable; write(text: string): void; done(): void }> {
  if (stderrIsTTY) {
    const stream = stderr;
    return { stream, write: (text) => stream.write(text), done: () => {} };
  }
  let fd: number;
  try {
    fd = openSync('/dev/tty', 'w');
  } catch {
    throw new CliError(
      'input_needed',
      `${what} needed but standard error is not the terminal and there is no terminal to draw a prompt on`,
      {
        hint: 'pass the value with --from-file FILE (see --help)',
      },
    );
  }
  // node:tty only here: a command that never prompts does not load it.
  const { WriteStream } = await import('node:tty');
  const stream = new WriteStream(fd);
  return { stream, write: (text) => stream.write(text), done: () => stream.destroy() };
}

export function unreadableStdin(what: string, why: string): CliError {
  return usageError(
    `cannot read ${what}: ${why}`,
    'give the input as a file (< FILE, or --from-file FILE where the command takes it) or a pipe',
  );
}

/** What fd 0 is, by fstat(2) (a pipe: any other kind); 'unknown' when it cannot be asked. */
export function stdinKind(): 'file' | 'directory' | 'device' | 'pipe' | 'unknown' {
  try {
    const st = fstatSync(0);
    if (st.isDirectory()) return 'directory';
    return st.isFile() ? 'file' : st.isCharacterDevice() ? 'device' : 'pipe';
  } catch {
    return 'unknown';
  }
}

/**
 * Node's stdout on a regular file (`> out.txt`) makes one write(2) per chunk and drops what a short
 * write left (a disk that fills, `ulimit -f`): the command then exits 0 with its output cut. On a
 * file, each chunk is written whole or fails: the next write(2) meets the error (ENOSPC, EFBIG) and
 * the command reports it as any other stdout failure. Pipes and terminals keep Node's stream.
 */
export function wholeWritesWhenFile(stdout: NodeJS.WriteStream): Writable {
  try {
    if (!fstatSync(1).isFile()) return stdout;
  } catch {
    return stdout;
  }
  const whole = new Writable({
    decodeStrings: true,
    write(chunk: Buffer, _encoding, done) {
      try {
        for (let at = 0; at < chunk.length; ) at += writeSync(1, chunk, at, chunk.length - at);
        done();
      } catch (e) {
        done(e as Error);
      }
    },
  });
  // The error reaches each write's callback (BaseIO.noteOut); the event itself must not crash.
  whole.on('error', () => {});
  return whole;
}

// A regular file (`< value.txt`) is read from fd 0 at once, as process.stdin would read it (from
// the descriptor's offset, bounded alike): its fs.ReadStream loads Node's file streams, and with
// them node:fs/promises and readline: 10 modules, 9M instructions of a `secret set`.
// A directory (`< dir`) or a descriptor open only for writing (`0>file`, `0>&1` on a pipe) is not
// input: its own line, exit 2 (it read as an empty value, or as "EBADF: bad file descriptor").
// `readStream` reads a pipe or a terminal (process.stdin to EOF, bounded), the rest is here.
export async function readStdinAtMost(
  limit: number,
  what: string,
  readStream: () => Promise<Buffer>,
): Promise<Buffer> {
  const kind = stdinKind();
  if (kind === 'directory') throw unreadableStdin(what, 'it is a directory');
  try {
    if (kind === 'file') return readFdAtMostSync(0, { limit, what });
    return await readStream();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'EBADF') throw unreadableStdin(what, 'it is open for writing only');
    if (code === 'EISDIR') throw unreadableStdin(what, 'it is a directory');
    throw e;
  }
}
