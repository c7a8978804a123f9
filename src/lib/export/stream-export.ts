/**
 * Stream pages of events into a file (temporary file, checkpoint after every page, atomic rename at
 * the end) or into a stream. One page is in memory at a time, plus the next one being fetched.
 */
import { open, rename, stat, truncate, writeFile } from 'node:fs/promises';
import type { Page } from '../api/paginate.js';
import { CliError } from '../errors.js';
import { type Checkpoint, exportPaths, removeCheckpoint, writeCheckpoint } from './checkpoint.js';
import { type ExportEvent, type ExportFormat, writerFor } from './writers.js';

/** Longest time between checkpoints while pages keep arriving. */
export const CHECKPOINT_MS = 1000;

/** Pages of events from a cursor on (null: from the first page). */
export type PageSource = (startCursor: string | null) => AsyncIterable<Page<ExportEvent>>;

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

/**
 * Ask for the next page before writing the current one, so the server works while we write. The
 * generator runs until its next `await`, which sends the request.
 */
async function* prefetched<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  let pending = it.next();
  for (;;) {
    const r = await pending;
    if (r.done) return;
    pending = it.next();
    // Its failure is taken when it is awaited; until then it must not count as unhandled.
    pending.catch(() => {});
    yield r.value;
  }
}

/** The fields of a checkpoint that stay fixed for the whole export. */
export type CheckpointBase = Omit<Checkpoint, 'cursor' | 'count' | 'bytes' | 'updated_at' | 'complete'>;

export interface FileExportOptions {
  output: string;
  format: ExportFormat;
  pages: PageSource;
  /** Fixed checkpoint fields (format, filters, start time). */
  base: CheckpointBase;
  /** Continue from this checkpoint instead of starting afresh. */
  resume?: Checkpoint | null;
  now: () => Date;
  onProgress?: (count: number) => void;
}

/** Export to a file; returns the number of events. Throws ExportStopped when a page fails. */
export async function exportToFile(o: FileExportOptions): Promise<number> {
  const { temp, checkpoint } = exportPaths(o.output);
  const writer = writerFor(o.format);
  let state: Checkpoint;
  let savedAt = 0;
  function save(): void {
    savedAt = performance.now();
    state.updated_at = o.now().toISOString();
    writeCheckpoint(checkpoint, state);
  }
  // A checkpoint costs a rename (milliseconds on some filesystems), so after a page it is written at
  // most every CHECKPOINT_MS, and always when the export stops. An older checkpoint is still exact:
  // its cursor, count and byte offset were true together, and resume truncates back to that offset.
  const saveSoon = () => {
    if (performance.now() - savedAt >= CHECKPOINT_MS) save();
  };

  if (o.resume) {
    const size = (await stat(temp).catch(() => null))?.size ?? -1;
    if (size < o.resume.bytes) {
      throw new CliError('config', `the unfinished export's temporary file ${temp} is missing or too short`, {
        hint: 'export again without --resume',
      });
    }
    // Bytes past the checkpoint belong to a page whose checkpoint was never written: drop them.
    await truncate(temp, o.resume.bytes);
    state = { ...o.resume };
  } else {
    removeCheckpoint(checkpoint);
    const header = writer.header();
    await writeFile(temp, header, { mode: 0o600 });
    state = {
      ...o.base,
      cursor: null,
      count: 0,
      bytes: Buffer.byteLength(header),
      complete: false,
      updated_at: '',
    };
    save();
  }

  const fh = await open(temp, 'a');
  try {
    if (!state.complete) {
      try {
        for await (const page of prefetched(o.pages(state.cursor))) {
          const chunk = writer.page(page.items, state.count);
          await (typeof chunk === 'string' ? fh.write(chunk) : fh.write(chunk));
          state.bytes += Buffer.byteLength(chunk);
          state.count += page.items.length;
          state.cursor = page.nextCursor;
          state.complete = page.nextCursor === null;
          saveSoon();
          o.onProgress?.(state.count);
        }
      } catch (e) {
        save();
        throw new ExportStopped(state.count, e);
      }
    }
    await fh.write(writer.footer(state.count));
    // The data must be on disk before the rename makes it the output.
    await fh.datasync();
  } finally {
    await fh.close();
  }
  await rename(temp, o.output);
  removeCheckpoint(checkpoint);
  return state.count;
}

/** Export to a stream (`--output -`): no temporary file, no checkpoint, nothing to resume. */
export async function exportToStream(
  format: ExportFormat,
  pages: PageSource,
  write: (chunk: string | Buffer) => void,
  onProgress?: (count: number) => void,
): Promise<number> {
  const writer = writerFor(format);
  let count = 0;
  write(writer.header());
  try {
    for await (const page of prefetched(pages(null))) {
      write(writer.page(page.items, count));
      count += page.items.length;
      onProgress?.(count);
    }
  } catch (e) {
    throw new ExportStopped(count, e);
  }
  write(writer.footer(count));
  return count;
}
