/**
 * The checkpoint an export keeps beside its output: enough to continue exactly where the last
 * completed page ended. It is replaced atomically, always after that page's bytes were written, so
 * its offset never points past data that exists. It also holds the SHA-256 of those bytes, and a
 * digest of its own fields: `--resume` trusts neither file blindly (see validate-checkpoint.ts and
 * partial-file.ts), since a checkpoint that lies makes a wrong file that looks complete.
 */

import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { CliError } from '../errors.js';
import { foreignOrShared, writeFileAtomic } from '../files.js';
import { shownPathBare } from '../shown-value.js';
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

/** The checkpoint format this CLI writes; version 1 (no content hash) is refused on resume. */
export const CHECKPOINT_VERSION = 2;

/** The checkpoint file's content. */
export interface Checkpoint {
  version: typeof CHECKPOINT_VERSION;
  format: ExportFormat;
  /** Filters as sent to the API. */
  filters: ExportFilters;
  /** `--since` / `--until` as typed, so rerunning the same command line with --resume matches. */
  typed: { since: string | null; until: string | null };
  /** Cursor of the next page to fetch (null: start from the first page, or `complete`). */
  cursor: string | null;
  /** Events written so far. */
  count: number;
  /** Bytes of the temporary file that hold those events. */
  bytes: number;
  /** SHA-256 (hex) of those bytes. */
  sha256: string;
  /** Every page is written; only the footer and the rename are left. */
  complete: boolean;
  started_at: string;
  updated_at: string;
}

/** The file as stored: the fields above plus `digest`, the SHA-256 of the rest (sealed()). */
export type StoredCheckpoint = Checkpoint & { digest: string };

/** The most a checkpoint may be when read back (its cursor and filters are short). */
export const CHECKPOINT_MAX_BYTES = 64 * 1024;

/** Where an export keeps its temporary file, checkpoint and lock, beside the output. */
export function exportPaths(output: string): { temp: string; checkpoint: string; lock: string } {
  return { temp: `${output}.partial`, checkpoint: `${output}.checkpoint.json`, lock: `${output}.lock` };
}

/** The fields in one fixed order, so that the digest does not depend on how the object was built. */
function canonical(c: Checkpoint): Checkpoint {
  const f = c.filters;
  return {
    version: c.version,
    format: c.format,
    filters: {
      since: f.since,
      until: f.until,
      workflow_id: f.workflow_id,
      user_id: f.user_id,
      event_type: [...f.event_type],
      status: f.status,
    },
    typed: { since: c.typed.since, until: c.typed.until },
    cursor: c.cursor,
    count: c.count,
    bytes: c.bytes,
    sha256: c.sha256,
    complete: c.complete,
    started_at: c.started_at,
    updated_at: c.updated_at,
  };
}

/** The digest of a checkpoint's fields: an edited cursor, count or `complete` no longer matches. */
export function checkpointDigest(c: Checkpoint): string {
  return createHash('sha256')
    .update(JSON.stringify(canonical(c)))
    .digest('hex');
}

/** Replace the checkpoint atomically (an exclusive sibling, then a rename over it). */
export function writeCheckpoint(path: string, checkpoint: Checkpoint): void {
  const stored: StoredCheckpoint = { ...canonical(checkpoint), digest: checkpointDigest(checkpoint) };
  writeFileAtomic(path, `${JSON.stringify(stored, null, 2)}\n`);
}

/**
 * Read a checkpoint's JSON, or null when there is none. Never through a link, never one another
 * user wrote (or could have), never more than CHECKPOINT_MAX_BYTES; these are exit 3 with
 * `startOver` as the hint. The content is checked by validateCheckpoint.
 */
export async function readCheckpointJson(path: string, startOver: string): Promise<unknown> {
  const refuse = (why: string) =>
    new CliError('config', `the export checkpoint ${shownPathBare(path)} ${why}`, { hint: startOver });
  let fh: Awaited<ReturnType<typeof open>>;
  try {
    fh = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ELOOP') throw refuse('is a symbolic link: it was not written by an export');
    throw refuse(`cannot be read: ${code ?? (e as Error).message}`);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw refuse('is not a regular file');
    if (foreignOrShared(st))
      throw refuse('belongs to another user or is writable by others: it cannot be trusted');
    const buf = Buffer.alloc(CHECKPOINT_MAX_BYTES + 1);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    if (bytesRead > CHECKPOINT_MAX_BYTES) throw refuse('is too large to be a checkpoint');
    try {
      return JSON.parse(buf.toString('utf8', 0, bytesRead)) as unknown;
    } catch {
      throw refuse('is damaged (not JSON)');
    }
  } finally {
    await fh.close();
  }
}

/** Remove the checkpoint (after success, or when starting afresh). */
export async function removeCheckpoint(path: string): Promise<void> {
  await rm(path, { force: true });
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
