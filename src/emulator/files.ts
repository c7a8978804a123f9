import { chmodSync, closeSync, existsSync, lstatSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CliError } from '../lib/errors.js';
import { createExclusive, describeFsError, writeFileAtomic } from '../lib/files.js';
import { shownPathBare } from '../lib/shown-value.js';
import { checkAncestors, checkDataDir } from './data-dir-trust.js';

// Every file the emulator writes is 0600 and every directory it makes 0700, whatever the umask and
// whatever the mode of a data dir that already existed: the files are private keys, the owner key,
// the master key and a database of hashes and ciphertexts. Files are written with writeFileAtomic
// (exact mode), except SQLite's: SQLite creates the main file 0644 & ~umask, and creates -wal, -shm
// and -journal with the main file's own mode (unix VFS, findCreateFileMode). So the main file is
// made 0600 before SQLite first opens it, and files an older version left readable are tightened.
// None of this protects a dir that others may write: data-dir-trust.ts refuses those first.

/** The mode of every file in a data dir. */
export const FILE_MODE = 0o600;
/** The mode of a data dir the emulator creates. */
export const DIR_MODE = 0o700;
/** The file in the data dir that holds a generated master key (hex). */
export const MASTER_KEY_FILE = 'master-key';

/** Write a data-dir file: atomically, fsynced (keys and certificates must survive a crash), 0600. */
export function writeDataFile(path: string, data: string): void {
  writeFileAtomic(path, data, { mode: FILE_MODE, sync: true });
}

/** Paths of everything the emulator keeps in its data directory. */
export interface DataPaths {
  dir: string;
  db: string;
  ownerKey: string;
  masterKey: string;
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** The port the last start listened on: a start without --port takes it again when it is free. */
  lastPort: string;
}

export function dataPaths(dir: string): DataPaths {
  return {
    dir,
    db: join(dir, 'emulator.db'),
    ownerKey: join(dir, 'owner-key'),
    masterKey: join(dir, MASTER_KEY_FILE),
    caCert: join(dir, 'ca.pem'),
    caKey: join(dir, 'ca-key.pem'),
    serverCert: join(dir, 'server.pem'),
    serverKey: join(dir, 'server-key.pem'),
    clientCert: join(dir, 'client.pem'),
    clientKey: join(dir, 'client-key.pem'),
    lastPort: join(dir, 'port'),
  };
}

/** The files SQLite keeps beside a database. */
const SQLITE_SIDE_FILES = ['-wal', '-shm', '-journal'];

function tighten(path: string): void {
  try {
    const st = lstatSync(path);
    // A symlink is left alone: chmod would follow it to whatever it points at.
    if (st.isFile() && (st.mode & 0o777) !== FILE_MODE) chmodSync(path, FILE_MODE);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

/** Tighten a database and SQLite's side files to 0600; with `create`, make a missing one empty and 0600. */
export function secureDatabaseFile(path: string, create: boolean): void {
  // Exclusive, never through a link: a name that appeared meanwhile is left to the checks below.
  if (create && !existsSync(path)) {
    try {
      closeSync(createExclusive(path, FILE_MODE));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  tighten(path);
  for (const suffix of SQLITE_SIDE_FILES) tighten(`${path}${suffix}`);
}

/**
 * Create the data directory (0700: it holds private keys and the owner key), or check one that
 * exists: refused (UntrustedDataDirError) when another user could have planted or could replace
 * anything in it. Then tighten every file the emulator keeps there to 0600 (an older version wrote
 * certificates 0644). Returns the dir's real path, to be used from then on, and whether this call
 * made it: of two starts racing on a missing dir exactly one did (mkdir of the last component is
 * atomic), and only that one may ever remove it.
 */
export function ensureDataDir(dir: string): { dir: string; created: boolean } {
  const uid = process.getuid?.();
  let created = false;
  if (!existsSync(dir)) {
    if (uid !== undefined) checkAncestors(resolve(dir), uid);
    try {
      makeParents(dirname(resolve(dir)));
      try {
        mkdirSync(dir, { mode: DIR_MODE });
        created = true;
        // mkdir applies the umask; 0700 is meant exactly.
        chmodSync(dir, DIR_MODE);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    } catch (e) {
      // A path the user typed: repeated only when it does not look like a credential.
      throw new CliError(
        'config',
        `cannot create the data directory ${shownPathBare(dir)}: ${describeFsError(e)}`,
        {
          hint: 'give --data-dir a directory you can create and write',
        },
      );
    }
  }
  const real = checkDataDir(dir);
  const paths = dataPaths(real);
  for (const [name, path] of Object.entries(paths)) if (name !== 'dir') tighten(path);
  for (const suffix of SQLITE_SIDE_FILES) tighten(`${paths.db}${suffix}`);
  return { dir: real, created };
}

/**
 * The missing directories above the data dir, from the top down, one mkdir each. Not
 * mkdirSync's `recursive`: on Node 20 it never returns under /proc (`--data-dir /proc/x/y` spun at
 * 100% CPU), where mkdir fails with ENOENT below a directory that exists.
 */
function makeParents(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d) && dirname(d) !== d; d = dirname(d)) missing.unshift(d);
  for (const d of missing) {
    try {
      mkdirSync(d, { mode: DIR_MODE });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

/** Every file a start may add to a data dir: its own, and SQLite's beside the database. */
export function dataFiles(paths: DataPaths): string[] {
  const own = Object.entries(paths)
    .filter(([name]) => name !== 'dir')
    .map(([, path]) => path);
  return [...own, ...SQLITE_SIDE_FILES.map((suffix) => `${paths.db}${suffix}`)];
}
