/**
 * The files an export writes beside its output, checked before the first request and opened so
 * that nothing is written through a planted link or into a file someone else created:
 * - checkOutputTarget: the directory exists; the output and its `.partial` and checkpoint are each
 *   absent or a regular file (a symbolic link, a directory or a device is exit 3, with a hint);
 * - createPartial: a fresh `.partial`, created exclusively with mode 0600 (a stale one is removed
 *   first, so a file planted there is never reused with its planter's owner and mode);
 * - openPartialForResume: the existing `.partial`, never through a link, owned by this user, and
 *   exactly what the checkpoint says: at least its length, and the SHA-256 of those bytes.
 */
import { createHash, type Hash } from 'node:crypto';
import { constants, statSync } from 'node:fs';
import { type FileHandle, open, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { plural } from '../display/plural.js';
import { CliError } from '../errors.js';
import { describeFileType, foreignOrShared, lstatOrNull } from '../files.js';
import { quotedPath, shellQuote } from '../quote.js';
import { looksLikeCredential, shownPathBare } from '../shown-value.js';
import { describeWriteError } from '../write-errors.js';
import { type Checkpoint, exportPaths } from './checkpoint.js';

const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/** A `.partial` open for writing, with the running hash of the bytes it holds so far. */
export interface OpenPartial {
  fh: FileHandle;
  hash: Hash;
}

function configError(message: string, hint: string): CliError {
  return new CliError('config', message, { hint });
}

/** Refuse a path that exists as anything but a regular file. */
function mustBeRegularOrAbsent(path: string, label: string, hint: string): void {
  const st = lstatOrNull(path);
  if (st && !st.isFile())
    throw configError(`${label} is ${describeFileType(st)}: refusing to write there`, hint);
}

/** Everything about `--output FILE` that can be known before the first request (exit 3 otherwise). */
export function checkOutputTarget(output: string): void {
  const dir = dirname(output);
  // What --output names is typed (a token pasted after the flag): shown as every refused path is.
  const [shownDir, shownOutput] = [shownPathBare(dir), shownPathBare(output)];
  let dirStat: ReturnType<typeof statSync>;
  try {
    dirStat = statSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw configError(
        `the directory ${shownDir} of --output does not exist`,
        looksLikeCredential(dir)
          ? 'create it first, or choose another --output'
          : `create it first (mkdir -p ${shellQuote(dir)}), or choose another --output`,
      );
    }
    throw configError(
      `cannot use the directory ${shownDir} of --output: ${describeWriteError(e)}`,
      'choose another --output',
    );
  }
  if (!dirStat?.isDirectory()) {
    throw configError(
      `${shownDir} (the directory of --output) is not a directory`,
      'choose another --output',
    );
  }
  const st = lstatOrNull(output);
  if (st?.isDirectory()) {
    throw configError(
      `--output ${shownOutput} is a directory`,
      `name a file in it, e.g. --output ${looksLikeCredential(output) ? 'DIR' : output}/audit.ndjson`,
    );
  }
  if (st && !st.isFile()) {
    throw configError(
      `--output ${shownOutput} is ${describeFileType(st)}: refusing to replace it`,
      st.isSymbolicLink()
        ? 'name the file itself, not a link to it, or remove the link'
        : 'an export is written to a regular file; use --output - to write to standard output',
    );
  }
  const { temp, checkpoint, lock } = exportPaths(output);
  const remove = (p: string) =>
    `no export leaves anything but a file there: remove ${quotedPath(p)} if you know what it is`;
  for (const p of [temp, checkpoint, lock]) mustBeRegularOrAbsent(p, shownPathBare(p), remove(p));
}

/** Create a fresh `.partial` (removing a stale one), exclusively, mode 0600. */
export async function createPartial(temp: string): Promise<OpenPartial> {
  const hint = 'choose another --output, in a directory only you can write to';
  try {
    await rm(temp, { force: true });
  } catch (e) {
    throw configError(`cannot remove the stale ${shownPathBare(temp)}: ${describeWriteError(e)}`, hint);
  }
  let fh: FileHandle;
  try {
    fh = await open(temp, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL | NOFOLLOW, 0o600);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST')
      throw configError(`${shownPathBare(temp)} was created by someone else while this export started`, hint);
    throw configError(
      `cannot create ${shownPathBare(temp)}: ${describeWriteError(e)}`,
      'free some space or choose another --output',
    );
  }
  await fh.chmod(0o600);
  return { fh, hash: createHash('sha256') };
}

/** Bytes from the start of a file: a hash of them and how many newlines they hold. */
async function digestPrefix(fh: FileHandle, bytes: number): Promise<{ hash: Hash; newlines: number }> {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(1024 * 1024);
  let newlines = 0;
  for (let at = 0; at < bytes; ) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, bytes - at), at);
    if (bytesRead === 0) break;
    const chunk = buf.subarray(0, bytesRead);
    hash.update(chunk);
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) newlines++;
    at += bytesRead;
  }
  return { hash, newlines };
}

/**
 * Open the `.partial` of an unfinished export and check it against its checkpoint; any mismatch is
 * exit 3 with `startOver`. Bytes past the checkpoint (a page whose checkpoint was never written)
 * are dropped, so the export continues from exactly what the checkpoint vouches for.
 */
export async function openPartialForResume(
  temp: string,
  cp: Checkpoint,
  startOver: string,
): Promise<OpenPartial> {
  const refuse = (why: string) =>
    configError(
      `the unfinished export's temporary file ${shownPathBare(temp)} ${why}: it cannot be resumed`,
      startOver,
    );
  let fh: FileHandle;
  try {
    fh = await open(temp, constants.O_RDWR | NOFOLLOW);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw refuse('is missing');
    if (code === 'ELOOP') throw refuse('is a symbolic link');
    throw refuse(`cannot be opened: ${describeWriteError(e)}`);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw refuse(`is ${describeFileType(st)}`);
    if (foreignOrShared(st)) throw refuse('belongs to another user or is writable by others');
    if (st.size < cp.bytes)
      throw refuse(`is shorter (${st.size} bytes) than its checkpoint says (${cp.bytes})`);
    const { hash, newlines } = await digestPrefix(fh, cp.bytes);
    if (hash.copy().digest('hex') !== cp.sha256)
      throw refuse('does not match its checkpoint (its content changed)');
    // JSON text holds no raw newline, so in json and ndjson each event adds exactly one.
    if (cp.format !== 'csv' && newlines !== cp.count) {
      throw refuse(`holds ${plural(newlines, 'event')}, not the ${cp.count} its checkpoint says`);
    }
    await fh.truncate(cp.bytes);
    return { fh, hash };
  } catch (e) {
    await fh.close();
    throw e;
  }
}
