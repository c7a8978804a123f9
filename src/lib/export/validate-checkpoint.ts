/**
 * Every field of a checkpoint read back for `--resume`, checked before it is believed: types,
 * ranges, the rules that tie the fields together, and the digest over all of them. A negative
 * offset, a cursor edited by hand or a `"complete": true` written over an unfinished export would
 * otherwise turn into a wrong file and exit 0. Whether the partial file matches is partial-file.ts.
 */
import { CliError } from '../errors.js';
import { shownPathBare } from '../shown-value.js';
import { CHECKPOINT_VERSION, type Checkpoint, checkpointDigest, type ExportFilters } from './checkpoint.js';
import { EXPORT_FORMATS, type ExportFormat, writerFor } from './writers.js';

/** A cursor is opaque, but short and printable; anything else was not sent by the API. */
const CURSOR = /^[\x21-\x7e]{1,4096}$/;
const HEX64 = /^[0-9a-f]{64}$/;
const MAX_TEXT = 1024;

type Fields = Record<string, unknown>;

function isObject(v: unknown): v is Fields {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isText(v: unknown): v is string {
  return typeof v === 'string' && v.length <= MAX_TEXT;
}

function isTextOrNull(v: unknown): v is string | null {
  return v === null || isText(v);
}

function isInstant(v: unknown): v is string {
  return isText(v) && !Number.isNaN(Date.parse(v));
}

function isInstantOrNull(v: unknown): v is string | null {
  return v === null || isInstant(v);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function filtersOf(v: unknown): ExportFilters | string {
  if (!isObject(v)) return 'filters';
  const { since, until, workflow_id, user_id, event_type, status } = v;
  if (!isInstantOrNull(since) || !isInstantOrNull(until)) return 'filters.since/until';
  if (!isTextOrNull(workflow_id) || !isTextOrNull(user_id) || !isTextOrNull(status)) return 'filters';
  if (!Array.isArray(event_type) || event_type.length > 100 || !event_type.every(isText))
    return 'filters.event_type';
  return { since, until, workflow_id, user_id, event_type: [...event_type], status };
}

/** The checkpoint, typed, or the name of the first field that is wrong. */
function parse(raw: Fields): Checkpoint | string {
  const { format, typed, cursor, count, bytes, sha256, complete, started_at, updated_at } = raw;
  if (!EXPORT_FORMATS.includes(format as ExportFormat)) return 'format';
  const filters = filtersOf(raw.filters);
  if (typeof filters === 'string') return filters;
  if (!isObject(typed) || !isTextOrNull(typed.since) || !isTextOrNull(typed.until)) return 'typed';
  if (cursor !== null && !(typeof cursor === 'string' && CURSOR.test(cursor))) return 'cursor';
  if (!isCount(count)) return 'count';
  if (!isCount(bytes)) return 'bytes';
  if (typeof sha256 !== 'string' || !HEX64.test(sha256)) return 'sha256';
  if (typeof complete !== 'boolean') return 'complete';
  if (!isInstant(started_at) || !isInstant(updated_at)) return 'started_at/updated_at';
  return {
    version: CHECKPOINT_VERSION,
    format: format as ExportFormat,
    filters,
    typed: { since: typed.since, until: typed.until },
    cursor,
    count,
    bytes,
    sha256,
    complete,
    started_at,
    updated_at,
  };
}

/** What must hold between the fields of any checkpoint an export writes; a broken rule, or null. */
function inconsistency(c: Checkpoint): string | null {
  const headerBytes = Buffer.byteLength(writerFor(c.format).header());
  if (c.bytes < headerBytes) return 'its byte count is shorter than the header alone';
  // Every event adds bytes, and only events do: no events means the header alone, and back.
  if ((c.count === 0) !== (c.bytes === headerBytes)) return 'its event and byte counts disagree';
  if (c.complete && c.cursor !== null) return 'it is complete but still has a cursor';
  if (!c.complete && c.cursor === null && c.count > 0) return 'it has events but no cursor to go on from';
  return null;
}

/**
 * The checkpoint at `path`, checked field by field and against its digest. Any doubt is exit 3
 * with `startOver`, the command that exports again from the beginning, as the hint.
 */
export function validateCheckpoint(raw: unknown, path: string, startOver: string): Checkpoint {
  const refuse = (why: string) =>
    new CliError('config', `the export checkpoint ${shownPathBare(path)} ${why}: it cannot be resumed`, {
      hint: startOver,
    });
  if (!isObject(raw)) throw refuse('is damaged (not an object)');
  if (raw.version !== CHECKPOINT_VERSION) {
    throw refuse(
      raw.version === 1
        ? 'was written by an older fibonacci, without a content hash'
        : 'has an unknown version',
    );
  }
  const parsed = parse(raw);
  if (typeof parsed === 'string') throw refuse(`has an invalid ${parsed}`);
  if (typeof raw.digest !== 'string' || raw.digest !== checkpointDigest(parsed)) {
    throw refuse('does not match its own digest (it was edited or damaged)');
  }
  const broken = inconsistency(parsed);
  if (broken) throw refuse(`is inconsistent (${broken})`);
  return parsed;
}
