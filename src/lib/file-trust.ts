/**
 * Whether a file (or the directory it lives in) could have been written by someone other than this
 * user: the one rule for the files whose content decides where a key goes or which key is used (the
 * plain-text key files, config.json, the CA and client certificate files). On Windows only the file
 * type is checked.
 */
import { lstatSync, mkdirSync, realpathSync, type Stats, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CliError } from './errors.js';
import { shownPathBare } from './shown-value.js';

const POSIX = process.platform !== 'win32';

/** How strict to be beyond "nobody else may write it". */
export interface TrustRule {
  /** Others may read it (a config file), or not (a key). */
  othersMayRead: boolean;
  /**
   * Root may own it, and a sticky directory others may write is trusted (only a file's owner can
   * replace a file in one): what a dotfiles manager's store (`/nix/store`) or `/etc` looks like.
   */
  systemOwned: boolean;
  /**
   * Any owner will do, so long as nobody else may write (root reading what another user checked
   * out: that user wrote the code being judged too).
   */
  anyOwner?: boolean;
}

/** Why `st` cannot be trusted, in words for an error message; undefined when it can. */
export function untrusted(st: Stats, kind: 'file' | 'directory', rule: TrustRule): string | undefined {
  if (kind === 'file' && !st.isFile()) return 'it is not a regular file';
  if (kind === 'directory' && !st.isDirectory()) return 'it is not a directory';
  if (!POSIX) return undefined;
  const uid = process.getuid?.();
  const owned =
    uid === undefined || rule.anyOwner === true || st.uid === uid || (rule.systemOwned && st.uid === 0);
  if (!owned) return `it belongs to another user (uid ${st.uid})`;
  if (kind === 'directory' && rule.systemOwned && (st.mode & 0o1000) !== 0) return undefined;
  // A directory others may write lets them swap a file in; a file others may write or (for a key)
  // read is theirs as much as ours.
  const mask = kind === 'file' && !rule.othersMayRead ? 0o077 : 0o022;
  if ((st.mode & mask) !== 0) return `its mode ${(st.mode & 0o777).toString(8)} lets other users at it`;
  return undefined;
}

/** Why a file may not be believed: the reason, and the directory it is about when it is one. */
export interface Distrust {
  why: string;
  /** Set when the file itself is fine but a directory holding it is not. */
  dir?: string;
  /** The name it was reached by, when that is a symbolic link to `dir`. */
  link?: string;
}

/**
 * The whole rule for a file already open (`st` from fstat, so what is read is what was checked):
 * the file itself, the directory holding its name, and the directory holding the file a symbolic
 * link leads to (a linked dotfile is fine, a link into a directory another user controls is not).
 */
export function distrust(path: string, st: Stats, rule: TrustRule): Distrust | undefined {
  const why = untrusted(st, 'file', rule);
  if (why) return { why };
  for (const dir of new Set([dirname(path), dirname(realpathSync.native(path))])) {
    const dirWhy = untrusted(statSync(dir), 'directory', rule);
    if (dirWhy) return { why: `its directory ${shownPathBare(dir)} is not safe: ${dirWhy}`, dir };
  }
  return undefined;
}

/**
 * The first directory on the way to `dir` that another user could write, or that a link leads
 * into one: every directory from `/` down to it by name, and by its real path. For a file that will
 * be run (a completion script the shell sources), not only read: any of those directories lets its
 * owner swap the file. `dir` must exist.
 */
export function untrustedAncestor(dir: string, rule: TrustRule): Distrust | undefined {
  const chain = (from: string) => {
    const dirs: string[] = [];
    for (let d = from; ; d = dirname(d)) {
      dirs.push(d);
      if (dirname(d) === d) return dirs;
    }
  };
  for (const d of chain(resolve(dir))) {
    // A link another user owns in a sticky directory (/tmp) is theirs to point elsewhere later.
    const lst = lstatSync(d);
    if (lst.isSymbolicLink() && !ownedBy(lst, rule))
      return { why: `it is a symbolic link of another user (uid ${lst.uid})`, dir: d };
  }
  for (const d of new Set([...chain(resolve(dir)), ...chain(realpathSync.native(dir))])) {
    const why = untrusted(statSync(d), 'directory', rule);
    const real = realpathSync.native(d); // the directory itself, not a link to it
    if (why) return { why, dir: real, ...(real !== d ? { link: d } : {}) };
  }
  return undefined;
}

function ownedBy(st: Stats, rule: TrustRule): boolean {
  const uid = process.getuid?.();
  return (
    !POSIX ||
    uid === undefined ||
    rule.anyOwner === true ||
    st.uid === uid ||
    (rule.systemOwned && st.uid === 0)
  );
}

/** The rule for a directory the CLI writes in: this user's or root's, others may not write it unless it is sticky. */
export const WRITE_DIR: TrustRule = { othersMayRead: true, systemOwned: true };

/**
 * Make `dir` (created with `mode`) only when every directory on the way to it passes
 * untrustedAncestor: the nearest one that exists is judged before anything is made in it, and
 * `dir` once made. The first one that fails, else undefined.
 */
export function makeTrustedDir(dir: string, mode: number, rule: TrustRule = WRITE_DIR): Distrust | undefined {
  let existing = resolve(dir);
  while (dirname(existing) !== existing && lstatOrUndefined(existing) === undefined)
    existing = dirname(existing);
  const before = untrustedAncestor(existing, rule);
  if (before) return before;
  mkdirSync(dir, { recursive: true, mode });
  return untrustedAncestor(dir, rule);
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** The directory named, and the link it was reached by: "/tmp/he (where /tmp/hw/fibonacci leads)". */
export function shownDistrustDir(d: Distrust): string {
  const dir = shownPathBare(`${d.dir}`);
  return d.link ? `${dir} (where the link ${shownPathBare(d.link)} leads)` : dir;
}

/**
 * Exit 3: nothing is written under `target`, `what` (the configuration directory, …); `elsewhere`
 * says how to choose another place (set XDG_CONFIG_HOME to …).
 */
export function untrustedDirError(what: string, target: string, d: Distrust, elsewhere: string): CliError {
  return new CliError(
    'config',
    `refusing to use ${shownPathBare(target)} (${what}): the directory ${shownDistrustDir(d)} is not safe: ${d.why}`,
    {
      hint: `another user could swap what is written there; make it yours and writable only by you, or ${elsewhere}`,
    },
  );
}
