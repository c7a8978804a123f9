/**
 * The checkpoint an export keeps beside its output: enough to continue exactly where the last
 * completed page ended. It is replaced atomically after every page, and always after that page's
 * bytes were written, so its offset never points past data that exists.
 */

import { readFileSync, rmSync } from 'node:fs';
import { CliError } from '../errors.js';
import { writeFileAtomic } from '../files.js';
import type { ExportFormat } from './writers.js';

/** What the filters were, resolved (sent to the API) and as typed (for --resume comparisons). */
export interface ExportFilters {
  since: string | null;
  until: string | null;
  workflow_id: string | null;
  user_id: string | null;
  event_type: string[];
  status: string | null;
}

/** The checkpoint file's content. */
export interface Checkpoint {
  version: 1;
  format: ExportFormat;
  /** Filters as sent to the API. */
  filters: ExportFilters;
  /** `--since` / `--until` as typed, so rerunning the same command line with --resume matches. */
  typed: { since: string | null; until: string | null };
  /** Cursor of the next page to fetch (null: start from the first page). */
  cursor: string | null;
  /** Events written so far. */
  count: number;
  /** Bytes of the temporary file that hold those events. */
  bytes: number;
  /** Every page is written; only the footer and the rename are left. */
  complete: boolean;
  started_at: string;
  updated_at: string;
}

/** Where an export keeps its temporary file and checkpoint, beside the output. */
export function exportPaths(output: string): { temp: string; checkpoint: string } {
  return { temp: `${output}.partial`, checkpoint: `${output}.checkpoint.json` };
}

/** Replace the checkpoint atomically (write a sibling, then rename over it). */
export function writeCheckpoint(path: string, checkpoint: Checkpoint): void {
  writeFileAtomic(path, `${JSON.stringify(checkpoint, null, 2)}\n`);
}

/** Read a checkpoint; null when there is none, a config error when it is unreadable. */
export function readCheckpoint(path: string): Checkpoint | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    const c = JSON.parse(text) as Checkpoint;
    if (c.version !== 1 || typeof c.bytes !== 'number' || typeof c.count !== 'number') throw new Error();
    return c;
  } catch {
    throw new CliError('config', `the export checkpoint ${path} is damaged`, {
      hint: 'delete it and export again without --resume',
    });
  }
}

/** Remove the checkpoint (after success, or when starting afresh). */
export function removeCheckpoint(path: string): void {
  rmSync(path, { force: true });
  rmSync(`${path}.tmp`, { force: true });
}

/** Names of the filters that differ between a checkpoint and this run (empty when they match). */
export function filterDifferences(
  saved: Checkpoint,
  now: { format: ExportFormat; filters: ExportFilters; typed: Checkpoint['typed'] },
): string[] {
  const diff: string[] = [];
  if (saved.format !== now.format) diff.push('--format');
  for (const [key, flag] of [
    ['since', '--since'],
    ['until', '--until'],
  ] as const) {
    // The same words typed again ("1 hour ago") mean the saved instant, not a new one.
    if (saved.typed[key] !== now.typed[key] && saved.filters[key] !== now.filters[key]) diff.push(flag);
  }
  const f = saved.filters;
  const g = now.filters;
  if (f.workflow_id !== g.workflow_id) diff.push('--workflow');
  if (f.user_id !== g.user_id) diff.push('--user');
  if ([...f.event_type].sort().join('\n') !== [...g.event_type].sort().join('\n')) diff.push('--event-type');
  if (f.status !== g.status) diff.push('--status');
  return diff;
}
