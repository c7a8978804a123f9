/**
 * Stream pages of events into a file (temporary file, checkpoint after pages, atomic rename at the
 * end) or into a stream. One page is in memory at a time, plus the next one being fetched (the page
 * source asks for it before it hands this one over: lib/api/paginate.ts `readAhead`). Every
 * write is awaited and checked: a full disk or a failing stdout stops the export (exit 8, with a
 * checkpoint to resume from), it never reports events that were not written.
 */
import { rename } from 'node:fs/promises';
import type { Page } from '../api/paginate.js';
import { CliError } from '../errors.js';
import { shownPathBare } from '../shown-value.js';
import { describeWriteError } from '../write-errors.js';
import { type Checkpoint, exportPaths, removeCheckpoint, writeCheckpoint } from './checkpoint.js';
import { LockLost } from './lock.js';
import { createPartial, type OpenPartial } from './partial-file.js';
import {
  type EventText,
  type EventTexts,
  type EventWriter,
  type ExportFormat,
  writerFor,
} from './writers.js';

/** Longest time between checkpoints while pages keep arriving. */
export const CHECKPOINT_MS = 1000;

/** Pages of events from a cursor on (null: from the first page). */
export type PageSource = (startCursor: string | null) => AsyncIterable<Page<EventText, EventTexts>>;

/** The export stopped part-way; `count` events were written (and checkpointed, for a file). */
export class ExportStopped extends Error {
  constructor(
    readonly count: number,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'ExportStopped';
  }
}

/** A local write failed: "cannot write FILE.partial: no space left on device (ENOSPC)". */
export class WriteFailed extends Error {
  constructor(where: string, cause: unknown) {
    super(`cannot write ${shownPathBare(where)}: ${describeWriteError(cause)}`, { cause });
    this.name = 'WriteFailed';
  }
}

/** The fields of a checkpoint that stay fixed for the whole export. */
export type CheckpointBase = Omit<
  Checkpoint,
  'cursor' | 'count' | 'bytes' | 'sha256' | 'updated_at' | 'complete'
>;

export interface FileExportOptions {
  output: string;
  format: ExportFormat;
  pages: PageSource;
  /** Fixed checkpoint fields (format, filters, start time). */
  base: CheckpointBase;
  /**
   * Continue from this checkpoint (validated by validateCheckpoint) and its partial file (checked
   * against it by openPartialForResume; exportToFile closes it) instead of starting afresh.
   */
  resume?: { checkpoint: Checkpoint; partial: OpenPartial } | null;
  /** Checked before each checkpoint and before the rename (the export still holds its lock). */
  verifyLock?: () => void;
  now: () => Date;
  onProgress?: (count: number) => void;
}

/** Write all of `buf` at `position` (one write call may write less, e.g. just before ENOSPC). */
async function writeAll(part: OpenPartial, buf: Buffer, position: number): Promise<void> {
  for (let done = 0; done < buf.length; ) {
    const { bytesWritten } = await part.fh.write(buf, done, buf.length - done, position + done);
    done += bytesWritten;
  }
}

/** Export to a file; returns the number of events. Throws ExportStopped when a page or a write fails. */
export async function exportToFile(o: FileExportOptions): Promise<number> {
  const { temp, checkpoint } = exportPaths(o.output);
  const writer = writerFor(o.format);
  let part: OpenPartial;
  let state: Checkpoint;
  let savedAt = 0;
  const save = () => {
    o.verifyLock?.();
    savedAt = performance.now();
    state.updated_at = o.now().toISOString();
    state.sha256 = part.hash.copy().digest('hex');
    try {
      writeCheckpoint(checkpoint, state);
    } catch (e) {
      throw new WriteFailed(checkpoint, e);
    }
  };
  const append = async (chunk: string | Buffer) => {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    try {
      await writeAll(part, buf, state.bytes);
    } catch (e) {
      throw new WriteFailed(temp, e);
    }
    part.hash.update(buf);
    state.bytes += buf.length;
  };

  if (o.resume) {
    part = o.resume.partial;
    state = { ...o.resume.checkpoint };
  } else {
    await removeCheckpoint(checkpoint);
    part = await createPartial(temp);
    state = { ...o.base, cursor: null, count: 0, bytes: 0, sha256: '', complete: false, updated_at: '' };
    try {
      // Before the first request: a failure here is the output's problem (exit 3), not a partial export.
      await append(writer.header());
      save();
    } catch (e) {
      await part.fh.close().catch(() => {});
      throw new CliError('config', (e as Error).message, {
        hint: 'free some space or choose another --output',
      });
    }
  }

  // A checkpoint costs a rename (milliseconds on some filesystems), so after a page it is written at
  // most every CHECKPOINT_MS, and always when the export stops. An older checkpoint is still exact:
  // its cursor, count, length and hash were true together, and resume truncates back to its length.
  try {
    try {
      if (!state.complete) {
        for await (const page of o.pages(state.cursor)) {
          await append(writer.page(page.items, state.count));
          state.count += page.items.length;
          state.cursor = page.nextCursor;
          state.complete = page.nextCursor === null;
          if (performance.now() - savedAt >= CHECKPOINT_MS) save();
          o.onProgress?.(state.count);
        }
      }
      // The footer is not part of the checkpointed bytes: a resume after this point writes it again.
      await writeAll(part, Buffer.from(writer.footer(state.count)), state.bytes);
      // The data must be on disk before the rename makes it the output.
      await part.fh.datasync();
    } finally {
      await part.fh.close();
    }
  } catch (e) {
    throw stopped(e, state, temp, save);
  }
  try {
    o.verifyLock?.();
    await rename(temp, o.output);
  } catch (e) {
    throw stopped(e, state, o.output, save);
  }
  await removeCheckpoint(checkpoint);
  return state.count;
}

/**
 * The error for an export that stopped: ExportStopped after a last checkpoint. When that checkpoint
 * cannot be written (the disk that failed the page is still full), the previous one stays: older,
 * but exact. A lost lock is not a stop to resume from: it is passed on as it is.
 */
function stopped(e: unknown, state: Checkpoint, where: string, save: () => void): Error {
  if (e instanceof LockLost) return e;
  try {
    save();
  } catch (again) {
    if (again instanceof LockLost) return again;
  }
  const cause =
    e instanceof WriteFailed || e instanceof CliError || !isFsError(e) ? e : new WriteFailed(where, e);
  return new ExportStopped(state.count, cause);
}

function isFsError(e: unknown): boolean {
  return (
    typeof (e as NodeJS.ErrnoException)?.errno === 'number' &&
    typeof (e as NodeJS.ErrnoException).syscall === 'string'
  );
}

/**
 * Export to a stream (`--output -`): no temporary file, no checkpoint, nothing to resume. `writer`
 * is the format's own (the server's bytes as they came) unless the caller passes another (a
 * terminal's: lib/export/terminal.ts).
 */
export async function exportToStream(
  format: ExportFormat,
  pages: PageSource,
  write: (chunk: string | Buffer) => Promise<void>,
  onProgress?: (count: number) => void,
  writer: EventWriter = writerFor(format),
): Promise<number> {
  let count = 0;
  try {
    await write(writer.header());
    for await (const page of pages(null)) {
      await write(writer.page(page.items, count));
      count += page.items.length;
      onProgress?.(count);
    }
    await write(writer.footer(count));
  } catch (e) {
    throw new ExportStopped(count, e);
  }
  return count;
}
