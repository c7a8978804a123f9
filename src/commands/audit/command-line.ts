import type { Checkpoint } from '../../lib/export/checkpoint.js';
import type { ExportFormat } from '../../lib/export/writers.js';
import { shellQuote } from '../../lib/quote.js';
import type { ExportCommandOptions } from './export.js';

// The `fibonacci audit export …` lines the export prints in its hints: to resume after a stop, to
// start over, and to resume the unfinished export a checkpoint describes when this run's filters
// do not match it. Every word shell-quoted; the printer escapes what a terminal would act on.

/** The filter flags of an export command line, as words a shell reads back unchanged. */
interface CommandFilters {
  since?: string | null | undefined;
  until?: string | null | undefined;
  workflow?: string | null | undefined;
  user?: string | null | undefined;
  eventType?: readonly string[] | undefined;
  status?: string | null | undefined;
  pageSize?: number | undefined;
}

function commandLine(output: string, format: ExportFormat, f: CommandFilters, resume: boolean): string {
  const words = ['fibonacci', 'audit', 'export', '--format', format, '--output', output];
  const add = (flag: string, v: string | null | undefined) => {
    if (v !== undefined && v !== null) words.push(flag, v);
  };
  add('--since', f.since);
  add('--until', f.until);
  add('--workflow', f.workflow);
  add('--user', f.user);
  for (const t of f.eventType ?? []) add('--event-type', t);
  add('--status', f.status);
  if (f.pageSize !== undefined) add('--page-size', String(f.pageSize));
  return [...words.map(shellQuote), ...(resume ? ['--resume'] : [])].join(' ');
}

/** This export's command line, exactly as the user should type it, with or without --resume. */
export function exportCommand(opts: ExportCommandOptions, format: ExportFormat, resume: boolean): string {
  return commandLine(opts.output, format, opts, resume);
}

/** The command that continues this export. */
export function resumeCommand(opts: ExportCommandOptions, format: ExportFormat): string {
  return exportCommand(opts, format, true);
}

/**
 * The command that continues the unfinished export a checkpoint describes: ITS format and filters
 * (a time as it was typed, else the saved instant), not this run's, which did not match them.
 */
export function checkpointResumeCommand(saved: Checkpoint, output: string, pageSize?: number): string {
  const f = saved.filters;
  return commandLine(
    output,
    saved.format,
    {
      since: saved.typed.since ?? f.since,
      until: saved.typed.until ?? f.until,
      workflow: f.workflow_id,
      user: f.user_id,
      eventType: f.event_type,
      status: f.status,
      pageSize,
    },
    true,
  );
}
