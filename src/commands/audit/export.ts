import { resolve } from 'node:path';
import * as audit from '../../lib/api/audit.js';
import type { Context } from '../../lib/context.js';
import { CliError, usageError } from '../../lib/errors.js';
import { exportPaths, filterDifferences, readCheckpoint } from '../../lib/export/checkpoint.js';
import { decodeEventsPage } from '../../lib/export/raw-page.js';
import {
  ExportStopped,
  exportToFile,
  exportToStream,
  type PageSource,
} from '../../lib/export/stream-export.js';
import { tuneV8ForExport } from '../../lib/export/v8-tuning.js';
import { type ExportEvent, type ExportFormat, formatFromPath } from '../../lib/export/writers.js';
import { shellQuote } from '../../lib/quote.js';
import { describeRange } from '../../lib/time-range.js';
import { type FilterOptions, resolveFilters } from './filters.js';
import { MAX_PAGE } from './limits.js';
import { Progress } from './progress.js';

export interface ExportCommandOptions extends FilterOptions {
  format?: ExportFormat | undefined;
  output: string;
  resume?: boolean | undefined;
}

/** The command that continues this export, exactly as the user should type it. */
export function resumeCommand(opts: ExportCommandOptions, format: ExportFormat): string {
  const words = ['fibonacci', 'audit', 'export', '--format', format, '--output', opts.output];
  const add = (flag: string, v: string | undefined) => {
    if (v !== undefined) words.push(flag, v);
  };
  add('--since', opts.since);
  add('--until', opts.until);
  add('--workflow', opts.workflow);
  add('--user', opts.user);
  for (const t of opts.eventType ?? []) add('--event-type', t);
  add('--status', opts.status);
  if (opts.pageSize !== undefined) add('--page-size', String(opts.pageSize));
  return [...words.map(shellQuote), '--resume'].join(' ');
}

/**
 * `audit export`: every matching event, oldest first (a stable order for a file), streamed page by
 * page into a temporary file that is renamed over FILE at the end. A checkpoint beside FILE lets
 * `--resume` continue after a failure (exit 8) with the same bytes an uninterrupted run writes.
 */
export async function runExport(opts: ExportCommandOptions, ctx: Context): Promise<void> {
  const format = opts.format ?? (opts.output === '-' ? undefined : formatFromPath(opts.output));
  if (!format)
    throw usageError('--format is required (json, ndjson or csv) when --output has no such extension');
  const toStdout = opts.output === '-';
  if (toStdout && opts.resume)
    throw usageError('--resume needs --output FILE: standard output cannot be resumed');
  const now = ctx.clock();
  let { range, filters } = resolveFilters(opts, now);
  const typed = { since: opts.since ?? null, until: opts.until ?? null };
  const output = resolve(opts.output);
  const saved = !toStdout ? readCheckpoint(exportPaths(output).checkpoint) : null;
  if (opts.resume) {
    if (!saved)
      throw usageError(
        `there is no unfinished export of ${opts.output} to resume`,
        'export again without --resume',
      );
    const diff = filterDifferences(saved, { format, filters, typed });
    if (diff.length > 0) {
      throw usageError(
        `--resume with different ${diff.join(', ')} than the unfinished export of ${opts.output}`,
        `resume with the same filters (${resumeCommand(opts, saved.format)} style), or export again without --resume`,
      );
    }
    // The saved instants win: "1 hour ago" typed again means the hour of the first run.
    filters = saved.filters;
    range = {
      since: filters.since ? new Date(filters.since) : null,
      until: filters.until ? new Date(filters.until) : null,
    };
  } else if (saved) {
    ctx.warn(
      `warning: discarding the unfinished export of ${opts.output} (add --resume to continue it instead)`,
    );
  }
  if (range.since || range.until) ctx.io.err(`${describeRange(range)}\n`);

  tuneV8ForExport();
  const client = await ctx.api();
  const controller = new AbortController();
  const undo = ctx.io.onInterrupt(() => controller.abort());
  const pages: PageSource = (cursor) =>
    audit.rawEventPages<ExportEvent>(client, filters, {
      order: 'asc',
      // Events stay as their JSON text, sliced from each page body (see raw-page.ts for why).
      decode: decodeEventsPage,
      pageSize: opts.pageSize ?? MAX_PAGE,
      startCursor: cursor,
      signal: controller.signal,
    });
  const progress = new Progress(ctx.io, opts.resume ? (saved?.count ?? 0) : 0);
  let count: number;
  try {
    count = toStdout
      ? await exportToStream(
          format,
          pages,
          (chunk) => (typeof chunk === 'string' ? ctx.io.out(chunk) : ctx.io.stdout.write(chunk)),
          (n) => progress.update(n),
        )
      : await exportToFile({
          output,
          format,
          pages,
          base: {
            version: 1,
            format,
            filters,
            typed,
            started_at: saved && opts.resume ? saved.started_at : now.toISOString(),
          },
          resume: opts.resume ? saved : null,
          now: ctx.clock,
          onProgress: (n) => progress.update(n),
        });
  } catch (e) {
    progress.clear();
    throw stoppedError(e, opts, format, toStdout, controller.signal.aborted);
  } finally {
    undo();
  }
  progress.clear();
  ctx.io.err(
    `Exported ${count.toLocaleString('en-US')} events to ${toStdout ? 'standard output' : opts.output}\n`,
  );
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
  const written = `${e.count.toLocaleString('en-US')} events`;
  const hint = toStdout
    ? 'export to a file (--output FILE) to be able to resume'
    : `resume with: ${resumeCommand(opts, format)}`;
  if (interrupted) return new CliError('interrupted', `export interrupted after ${written}`, { hint });
  const cause = e.cause instanceof CliError ? e.cause : undefined;
  return new CliError('partial', `export stopped after ${written}: ${e.message}`, {
    hint,
    requestId: cause?.requestId,
    cause: e.cause,
  });
}
