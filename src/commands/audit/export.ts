import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import * as audit from '../../lib/api/audit.js';
import type { ApiClient } from '../../lib/api/types.js';
import type { Context } from '../../lib/context.js';
import { note, warn } from '../../lib/display/messages.js';
import { plural } from '../../lib/display/plural.js';
import { CliError, usageError } from '../../lib/errors.js';
import {
  CHECKPOINT_VERSION,
  type Checkpoint,
  type ExportFilters,
  exportPaths,
  filterDifferences,
  readCheckpointJson,
} from '../../lib/export/checkpoint.js';
import { acquireExportLock } from '../../lib/export/lock.js';
import { checkOutputTarget, type OpenPartial, openPartialForResume } from '../../lib/export/partial-file.js';
import { decodeEventsPage, peekEventsPage } from '../../lib/export/raw-page.js';
import {
  ExportStopped,
  exportToFile,
  exportToStream,
  type PageSource,
} from '../../lib/export/stream-export.js';
import { terminalWriterFor } from '../../lib/export/terminal.js';
import { validateCheckpoint } from '../../lib/export/validate-checkpoint.js';
import {
  type EventText,
  type EventTexts,
  type ExportFormat,
  formatFromPath,
} from '../../lib/export/writers.js';
import { lstatOrNull } from '../../lib/files.js';
import { shownPathBare } from '../../lib/shown-value.js';
import { describeRange } from '../../lib/time-range.js';
import { StdoutClosed } from '../../lib/write-errors.js';
import { checkpointResumeCommand, exportCommand, resumeCommand } from './command-line.js';
import { type FilterOptions, type ResolvedFilters, resolveFilters, resolveWorkflowId } from './filters.js';
import { MAX_PAGE } from './limits.js';
import { Progress } from './progress.js';

export interface ExportCommandOptions extends FilterOptions {
  format?: ExportFormat | undefined;
  output: string;
  resume?: boolean | undefined;
}

/**
 * `audit export`: every matching event, oldest first (a stable order for a file), streamed page by
 * page into a temporary file that is renamed over FILE at the end. A checkpoint beside FILE lets
 * `--resume` continue after a failure (exit 8) with the same bytes an uninterrupted run writes.
 * Everything about FILE that can fail is checked before the first request, under a lock that keeps
 * a second export of the same FILE out.
 */
export async function runExport(opts: ExportCommandOptions, ctx: Context): Promise<void> {
  const format = opts.format ?? (opts.output === '-' ? undefined : formatFromPath(opts.output));
  if (!format)
    throw usageError('--format is required (json, ndjson or csv) when --output has no such extension');
  const toStdout = opts.output === '-';
  if (toStdout && opts.resume)
    throw usageError('--resume needs --output FILE: standard output cannot be resumed');
  const now = ctx.clock();
  const resolved = resolveFilters(opts, now, ctx.io);
  const controller = new AbortController();
  const undo = ctx.io.onInterrupt(() => controller.abort());
  try {
    if (toStdout) await exportToStdout(opts, format, resolved, controller.signal, ctx);
    else await exportToOutputFile(opts, format, resolved, controller.signal, ctx);
  } finally {
    undo();
  }
}

/** Pages of the matching events from a cursor on, as raw event text (see raw-page.ts for why). */
function pageSource(
  opts: ExportCommandOptions,
  filters: ExportFilters,
  signal: AbortSignal,
  client: ApiClient,
): PageSource {
  return (cursor) =>
    audit.rawEventPages<EventText, EventTexts>(client, filters, {
      order: 'asc',
      // Events stay as their JSON text, sliced from each page body (see raw-page.ts for why).
      decode: decodeEventsPage,
      peek: peekEventsPage,
      pageSize: opts.pageSize ?? MAX_PAGE,
      startCursor: cursor,
      signal,
    });
}

async function exportToStdout(
  opts: ExportCommandOptions,
  format: ExportFormat,
  { range, filters: typedFilters }: ResolvedFilters,
  signal: AbortSignal,
  ctx: Context,
): Promise<void> {
  const client = await ctx.api();
  const filters = await resolveWorkflowId(client, typedFilters, ctx.io);
  if (range.since || range.until) note(ctx.io, describeRange(range));
  const pages = pageSource(opts, filters, signal, client);
  const progress = new Progress(ctx.io, 0);
  let count: number;
  try {
    // Each chunk is awaited: backpressure, and a failed write (ENOSPC, EIO) stops the export. On a
    // terminal a person reads it: escaped as all the CLI prints (lib/export/terminal.ts); a pipe
    // gets the server's bytes exactly.
    const writer = ctx.io.stdoutIsTTY ? terminalWriterFor(format) : undefined;
    count = await exportToStream(
      format,
      pages,
      (chunk) => ctx.io.write(chunk),
      (n) => progress.update(n),
      writer,
    );
  } catch (e) {
    progress.clear();
    throw stoppedError(e, opts, format, true, signal.aborted);
  }
  progress.clear();
  note(ctx.io, `Exported ${plural(count, 'event')} to standard output`);
}

async function exportToOutputFile(
  opts: ExportCommandOptions,
  format: ExportFormat,
  resolved: ResolvedFilters,
  signal: AbortSignal,
  ctx: Context,
): Promise<void> {
  const now = ctx.clock();
  let { range, filters } = resolved;
  const typed = { since: opts.since ?? null, until: opts.until ?? null };
  const output = resolve(opts.output);
  const paths = exportPaths(output);
  const startOver = `start over with: ${exportCommand(opts, format, false)}`;
  // Before the first request: a directory, a missing parent, a planted link are exit 3 now, not
  // a crash after the whole download.
  checkOutputTarget(output);
  const lock = acquireExportLock(paths.lock, opts.output, now, (line) => ctx.warn(line));
  try {
    // The first requests: after every check of FILE, before the checkpoint is compared (it holds
    // the workflow's name, which a --workflow id resolves to).
    const client = await ctx.api();
    filters = await resolveWorkflowId(client, filters, ctx.io);
    let saved: Checkpoint | null = null;
    let partial: OpenPartial | null = null;
    if (opts.resume) {
      const raw = await readCheckpointJson(paths.checkpoint, startOver);
      if (raw === null)
        throw usageError(
          `there is no unfinished export of ${shownPathBare(opts.output)} to resume`,
          'export again without --resume',
        );
      saved = validateCheckpoint(raw, paths.checkpoint, startOver);
      const diff = filterDifferences(saved, { format, filters, typed });
      if (diff.length > 0) {
        throw usageError(
          `--resume with different ${diff.join(', ')} than the unfinished export of ${shownPathBare(opts.output)}`,
          `resume it with: ${checkpointResumeCommand(saved, opts.output, opts.pageSize)}\n${startOver}`,
        );
      }
      partial = await openPartialForResume(paths.temp, saved, startOver);
      // The saved instants win: "1 hour ago" typed again means the hour of the first run.
      filters = saved.filters;
      range = {
        since: filters.since ? new Date(filters.since) : null,
        until: filters.until ? new Date(filters.until) : null,
      };
    } else if (lstatOrNull(paths.checkpoint)) {
      warn(
        ctx.io,
        `discarding the unfinished export of ${shownPathBare(opts.output)} (add --resume to continue it instead)`,
      );
    }
    if (range.since || range.until) note(ctx.io, describeRange(range));
    const progress = new Progress(ctx.io, saved?.count ?? 0);
    let count: number;
    try {
      const pages = pageSource(opts, filters, signal, client);
      count = await exportToFile({
        output,
        format,
        pages,
        base: {
          version: CHECKPOINT_VERSION,
          format,
          filters,
          typed,
          started_at: saved?.started_at ?? now.toISOString(),
        },
        resume: saved && partial ? { checkpoint: saved, partial } : null,
        verifyLock: () => lock.verify(),
        now: ctx.clock,
        onProgress: (n) => progress.update(n),
      });
    } catch (e) {
      progress.clear();
      const said = stoppedError(e, opts, format, false, signal.aborted);
      // Refused before its first event (403, 401), a new export leaves nothing a next run would discard.
      if (!saved && said instanceof CliError && (said.kind === 'forbidden' || said.kind === 'auth')) {
        for (const path of [paths.temp, paths.checkpoint]) rmSync(path, { force: true });
      }
      throw said;
    }
    progress.clear();
    const exported = `${plural(count, 'event')} to ${shownPathBare(opts.output)}`;
    // A resumed export says where it took up, so a person can tell it continued, not started over.
    note(
      ctx.io,
      saved
        ? `Resumed ${shownPathBare(opts.output)} at ${plural(saved.count, 'event')}; exported ${exported}`
        : `Exported ${exported}`,
    );
  } finally {
    lock.release();
  }
}

/** Map a stopped export to exit 8 (or 130 on Ctrl-C) with the command that continues it. */
function stoppedError(
  e: unknown,
  opts: ExportCommandOptions,
  format: ExportFormat,
  toStdout: boolean,
  interrupted: boolean,
): unknown {
  if (!(e instanceof ExportStopped)) return e;
  // `| head` closed the pipe: a quiet exit 0, not a failure.
  if (e.cause instanceof StdoutClosed) return e.cause;
  const written = plural(e.count, 'event');
  const hint = toStdout
    ? 'export to a file (--output FILE) to be able to resume'
    : `resume with: ${resumeCommand(opts, format)}`;
  if (interrupted) return new CliError('interrupted', `export interrupted after ${written}`, { hint });
  const cause = e.cause instanceof CliError ? e.cause : undefined;
  // Refused before a single event (a key that may not read the log, no key): that refusal, with its
  // own exit code (5, 4); no resume would get further.
  if (e.count === 0 && cause && (cause.kind === 'forbidden' || cause.kind === 'auth')) return cause;
  return new CliError('partial', `export stopped after ${written}: ${e.message}`, {
    hint,
    requestId: cause?.requestId,
    cause: e.cause,
  });
}
