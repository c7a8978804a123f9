import { createHash } from 'node:crypto';
import { close, constants, createReadStream, fstat, open } from 'node:fs';
import { promisify } from 'node:util';
import { syntaxOf } from './comments.js';
import type { FileKind } from './file-kinds.js';
import type { RawFinding } from './finding.js';
import { RULE_UNCHECKED } from './rules.js';
import { type WindowFinding, windowedFindings } from './windowed.js';

// A candidate file larger than the scan reads whole: its bytes as a stream (the open never blocks
// and only a regular file is read, as read-file.ts's), its text through windowed.ts. A .env file is
// checked by a dotenv's line rules too; any other, by the token formats alone. What needs the whole
// file parsed (the production .env rules, fibonacci.yaml's policy, a workflow's rules) cannot run,
// and for the two files the server reads, a warning says so: the gate does not pass them silently.

const openFd = promisify(open);
const statFd = promisify(fstat);
const closeFd = promisify(close);

/** The stream's chunk: the reads' size, not the window's. */
const CHUNK = 256 * 1024;

/**
 * What a large file's scan did: `note` for the report's scanned list, why it was not scanned, or
 * why it was not read to its end (a pipe past MAX_PIPE_BYTES: the file cannot be read, exit 3).
 */
export type LargeScan = { note: string } | { skipped: string } | { unread: string };

/** The note of a large file of `kind`, said after "larger than N MiB: ". */
export function largeNote(dotenv: boolean): string {
  return dotenv
    ? 'checked for token formats and credential-like KEY=value lines only'
    : 'checked for token formats only';
}

/**
 * Scan the file at `abs` (`kind` as file-kinds.ts's) window by window, each finding given to
 * `found` in the file's order; read errors are thrown as they are.
 */
export async function scanLarge(
  abs: string | Buffer,
  shownName: string,
  kind: FileKind,
  limit: string,
  found: (f: WindowFinding) => void,
): Promise<LargeScan> {
  const fd = await openFd(abs, constants.O_RDONLY | constants.O_NONBLOCK);
  let owned = true;
  try {
    if (!(await statFd(fd)).isFile()) return { skipped: 'not a regular file' };
    const stream = createReadStream('', { fd, highWaterMark: CHUNK, autoClose: true });
    owned = false;
    try {
      return await scanChunks(stream as AsyncIterable<Buffer>, shownName, kind, limit, found);
    } finally {
      stream.destroy();
    }
  } finally {
    if (owned) await closeFd(fd);
  }
}

/**
 * The most of a pipe read past the limit: a pipe has no size, and one that never ends
 * (`yes | fibonacci security check /dev/stdin`) is not read forever.
 */
export const MAX_PIPE_BYTES = 32 * 1024 * 1024;

/**
 * A pipe over the limit (read-file.ts's readPipe: its start and the rest), scanned as a large file
 * is, up to MAX_PIPE_BYTES; past that it is `unread`: what came before was checked, the rest not.
 */
export async function scanPipe(
  chunks: AsyncIterable<Buffer>,
  shownName: string,
  kind: FileKind,
  limit: string,
  found: (f: WindowFinding) => void,
): Promise<LargeScan> {
  const state = { over: false };
  async function* capped(): AsyncGenerator<Buffer> {
    let total = 0;
    for await (const chunk of chunks) {
      total += chunk.length;
      if (total > MAX_PIPE_BYTES) {
        state.over = true;
        return;
      }
      yield chunk;
    }
  }
  const done = await scanChunks(capped(), shownName, kind, limit, found);
  if (state.over && !('skipped' in done))
    return {
      unread: `a pipe longer than ${MAX_PIPE_BYTES / 1024 / 1024} MiB is not read to its end (its first ${MAX_PIPE_BYTES / 1024 / 1024} MiB were checked for token formats; write it to a file to check it whole)`,
    };
  return done;
}

/** Chunks of a file's bytes, scanned window by window (scanLarge, scanPipe). */
async function scanChunks(
  chunks: AsyncIterable<Buffer>,
  shownName: string,
  kind: FileKind,
  limit: string,
  found: (f: WindowFinding) => void,
): Promise<LargeScan> {
  const dotenv = kind === 'env';
  const pieces = decoded(chunks, !dotenv);
  for await (const f of windowedFindings(
    pieces.text,
    dotenv ? 'dotenv' : 'tokens',
    syntaxOf(shownName, dotenv),
  ))
    found(f);
  if (pieces.binary) return { skipped: 'binary' };
  if (kind === 'env' || kind === 'config') found(unchecked(kind, limit));
  return { note: `${limit}: ${largeNote(dotenv)}` };
}

/**
 * The stream's text, a bad byte as U+FFFD (what Node's --env-file reads); `binary` set (and the
 * text ended) when `sniff` and a NUL is in the first 8,000 bytes, as for a file read whole.
 */
function decoded(chunks: AsyncIterable<Buffer>, sniff: boolean) {
  const state = { binary: false };
  async function* text(): AsyncGenerator<string> {
    const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
    let seen = 0;
    for await (const chunk of chunks) {
      if (sniff && seen < 8000 && chunk.subarray(0, 8000 - seen).includes(0)) {
        state.binary = true;
        return;
      }
      seen += chunk.length;
      yield decoder.decode(chunk, { stream: true });
    }
    yield decoder.decode();
  }
  return Object.assign(state, { text: text() });
}

/** The warning of a .env or fibonacci.yaml too large to parse: its server rules were not checked. */
function unchecked(kind: 'env' | 'config', limit: string): WindowFinding {
  const rules =
    kind === 'env'
      ? "the server's production .env rules and values over several lines"
      : 'its access policy, network and SOC 2 rules and its workflows';
  const raw: RawFinding = {
    rule: RULE_UNCHECKED,
    line: 1,
    column: 1,
    whole: true,
    message: `this file is ${limit}, too large to parse: ${rules} were not checked`,
    subject: RULE_UNCHECKED.id,
  };
  return { raw, context: { text: '', caret: 1 }, silenced: false };
}

/**
 * The findings past a large file's cap, as baseline.ts's UnlistedFindings keys them but in the
 * file's order, folded as they come: a file of millions of tokens holds one digest, not millions.
 */
export class StreamedUnlisted {
  private readonly all = createHash('sha256');
  count = 0;

  add(rule: string, secret: string): void {
    this.count++;
    this.all.update(`${rule}\u0000${secret.normalize('NFC')}\n`);
  }

  key(capped: string): string {
    return `${capped}:${this.count}:${this.all.digest('hex')}`;
  }
}
