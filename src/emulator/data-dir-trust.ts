/**
 * Whether a data dir is this user's alone. The emulator keeps its CA key, the owner key and the
 * master key there, and SQLite opens `emulator.db`, `-wal` and `-shm` by name, following links: in
 * a dir someone else may write, they could plant a link at one of those names (or swap the dir for
 * their own) and have the emulator write its keys into their file. Exclusive creation protects only
 * the files the emulator creates itself; SQLite's side files and a dir that others may change after
 * any check are out of its reach. So a data dir is refused unless nobody but this user (and root)
 * can have put anything in it or replace it:
 * - the dir is this user's and not writable by group or others (a sticky bit does not help: others
 *   can still create names in it);
 * - every entry in it is this user's, none is a symbolic link, no file has another hard link (a
 *   link to a file elsewhere, made while the dir was open to others, keeps that file's owner), no
 *   file may be read or written by group or others (the emulator writes them 0600; a looser one may
 *   have had its keys copied or the database changed), no directory in it is writable by others;
 * - every directory above it belongs to this user or root and is not writable by others, unless
 *   it is sticky (as /tmp is: nobody may rename what is not theirs there).
 * The checks need POSIX owners; where there are none (Windows), the dir's ACLs are the protection.
 */
import { lstatSync, readdirSync, realpathSync, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import { plural } from '../lib/display/plural.js';
import { lstatOrNull } from '../lib/files.js';
import { quotedPath } from '../lib/quote.js';
import { shownPathBare } from '../lib/shown-value.js';

/** A data dir, or something in or above it, that another user could have changed: refused at start. */
export class UntrustedDataDirError extends Error {
  constructor(
    readonly path: string,
    message: string,
    /** What the user should do about it. */
    readonly fix: string,
  ) {
    super(message);
    this.name = 'UntrustedDataDirError';
  }
}

const OTHERS_WRITE = 0o022;
const STICKY = 0o1000;

const modeText = (st: Stats) => (st.mode & 0o7777).toString(8).padStart(4, '0');

function ownFix(dir: string): string {
  return `use a data dir of your own (--data-dir), or \`chmod 700 ${quotedPath(dir)}\` if it is yours and holds only what you put there`;
}

/**
 * Refuse (UntrustedDataDirError) when a directory above the data dir `path` could be renamed or
 * replaced by another user. `path` need not exist yet: the check starts at its nearest existing
 * ancestor, with links in it resolved (a link's own mode says nothing).
 */
export function checkAncestors(path: string, uid: number): void {
  let existing = dirname(path);
  while (lstatOrNull(existing) === null && dirname(existing) !== existing) existing = dirname(existing);
  let dir = realpathSync(existing);
  for (;;) {
    const st = lstatSync(dir);
    const foreign = st.uid !== uid && st.uid !== 0;
    const open = (st.mode & OTHERS_WRITE) !== 0 && (st.mode & STICKY) === 0;
    if (foreign || open) {
      const why = foreign
        ? `belongs to another user (uid ${st.uid})`
        : `is writable by other users (mode ${modeText(st)})`;
      throw new UntrustedDataDirError(
        dir,
        `refusing the emulator data dir ${shownPathBare(path)}: ${shownPathBare(dir)}, above it, ${why}, so they could replace it`,
        'use a data dir under a directory only you (or root) can change, such as your home',
      );
    }
    const up = dirname(dir);
    if (up === dir) return;
    dir = up;
  }
}

/** The reason an entry of the data dir cannot be trusted, or undefined. */
function untrustedEntry(st: Stats, uid: number): string | undefined {
  if (st.isSymbolicLink()) return 'is a symbolic link';
  if (st.uid !== uid) return `belongs to another user (uid ${st.uid})`;
  if (st.isFile() && st.nlink > 1) return `has ${plural(st.nlink - 1, 'other hard link')}`;
  // The emulator writes every file 0600: one that group or others may read or write held keys or
  // the database where they could have copied or changed them, so it is not repaired in silence.
  if (st.isFile() && (st.mode & 0o077) !== 0) {
    return `has mode ${modeText(st)}, so other users could have read or changed it`;
  }
  if (st.isDirectory() && (st.mode & OTHERS_WRITE) !== 0)
    return `is writable by other users (mode ${modeText(st)})`;
  return undefined;
}

/**
 * Check an existing data dir as described above and return its real path, which the caller uses
 * from then on (a link in the path given cannot be re-pointed under a running emulator).
 */
export function checkDataDir(path: string): string {
  const uid = process.getuid?.();
  if (uid === undefined) return path;
  const dir = realpathSync(path);
  checkAncestors(dir, uid);
  const st = lstatSync(dir);
  if (st.uid !== uid) {
    throw new UntrustedDataDirError(
      dir,
      `refusing the emulator data dir ${shownPathBare(dir)}: it belongs to another user (uid ${st.uid})`,
      'use a data dir of your own (--data-dir)',
    );
  }
  if ((st.mode & OTHERS_WRITE) !== 0) {
    throw new UntrustedDataDirError(
      dir,
      `refusing the emulator data dir ${shownPathBare(dir)}: it is writable by other users (mode ${modeText(st)})`,
      ownFix(dir),
    );
  }
  for (const name of readdirSync(dir).sort()) {
    const file = join(dir, name);
    const why = untrustedEntry(lstatSync(file), uid);
    if (why) {
      throw new UntrustedDataDirError(
        file,
        `refusing the emulator data dir ${shownPathBare(dir)}: ${shownPathBare(file)} ${why}`,
        why.startsWith('has mode')
          ? `if nobody else could reach it, \`chmod 600 ${quotedPath(file)}\`; otherwise treat this data dir's keys as exposed and use a fresh one`
          : `someone else may have put it there: use a fresh data dir, or remove ${quotedPath(file)} once you know what it is`,
      );
    }
  }
  return dir;
}
