import { realpath, stat } from 'node:fs/promises';
import { dirname, posix, relative, resolve, sep } from 'node:path';
import { workTreeTop } from './git-tracked.js';
import { pathTokens, showPath } from './path-tokens.js';
import type { CredentialMatch } from './scan-text.js';

// The directories the paths of a report, a baseline and SARIF's base URIs are relative to. A path
// relative to the working directory changed with it: a baseline written at the repository's top
// stopped matching in a CI job with a `working-directory:`, and SARIF written from workflows/ named
// `triage.yaml`, which GitHub code scanning could not place. So each PATH has its own root: the top
// level of the git work tree holding it (one git process per PATH, none per file), else the working
// directory. Per PATH, not per scan: `security check repo other` once named repo's files
// `repo/sub/a.yaml` (both PATHs fell back to the working directory), and a baseline written so
// silenced nothing when the repository was checked alone. A file's path is what it is alone,
// whatever else the command line names; two roots' `workflows/a.yaml` stay two files by their root.

/** A root the report's paths are relative to, and whether it is a git work tree's top level. */
export interface ScanRoot {
  /** The directory itself: for the file system only, never printed. */
  dir: string;
  gitTop: boolean;
  /** `dir` as every report prints it: escaped, each token in it masked (path-tokens.ts). */
  shown: string;
  /**
   * The tokens in the part of `dir` the command line named, i.e. its path from the working
   * directory: a file's own path once held it (`security check ghp_…/`), and a token there is that
   * file's finding still. The working directory's own name is the user's, not the tree's.
   */
  tokens: CredentialMatch[];
}

/** The root at `dir`, judged and masked once for every file and format. */
export function scanRoot(dir: string, gitTop: boolean, cwd: string): ScanRoot {
  const { path: shown } = showPath(Buffer.from(dir.split(sep).join('/'), 'utf8'));
  return { dir, gitTop, shown, tokens: pathTokens(relative(cwd, dir).split(sep).join('/')) };
}

/** The roots of a scan (git tops first, in the order the PATHs name them), and each PATH's. */
export interface ScanRoots {
  roots: ScanRoot[];
  /** The index in `roots` of each target's root, in the targets' order. */
  of: number[];
  /** Whether each target is in a work tree (it is then shown by its real place in it). */
  inWorkTree: boolean[];
}

/** The one root every path is relative to when no PATH is in a work tree. */
export const cwdRoots = (cwd: string, targets = 1): ScanRoots => ({
  roots: [scanRoot(cwd, false, cwd)],
  of: Array.from({ length: targets }, () => 0),
  inWorkTree: Array.from({ length: targets }, () => false),
});

export async function scanRoots(targets: readonly string[], cwd: string): Promise<ScanRoots> {
  const asked = new Map<string, Promise<string | undefined>>();
  const tops: Array<string | undefined> = [];
  for (const target of targets) {
    const abs = resolve(cwd, target);
    let dir: string;
    try {
      const real = await realpath(abs);
      dir = (await stat(real)).isDirectory() ? real : await realpath(dirname(abs));
    } catch {
      tops.push(undefined); // the walk reports it, from the working directory
      continue;
    }
    let answer = asked.get(dir);
    if (answer === undefined) {
      answer = workTreeTop(dir);
      asked.set(dir, answer);
    }
    tops.push(await answer);
  }
  const roots: ScanRoot[] = [];
  for (const top of tops)
    if (top !== undefined && !roots.some((r) => r.dir === top)) roots.push(scanRoot(top, true, cwd));
  // The working directory, when a PATH is in no work tree (and it is not already one of the tops).
  if (tops.includes(undefined) && !roots.some((r) => r.dir === cwd)) roots.push(scanRoot(cwd, false, cwd));
  if (roots.length === 0) return cwdRoots(cwd, targets.length);
  const of = tops.map((top) => roots.findIndex((r) => r.dir === (top ?? cwd)));
  return { roots, of, inWorkTree: tops.map((top) => top !== undefined) };
}

/**
 * A report path (relative to `root`, `/` separators) as it is relative to `cwd`: the path a
 * baseline written before paths were root-relative holds. Shown paths are escaped, never holding
 * `/` or `..` of their own, so the arithmetic on them is the arithmetic on the names.
 */
export function fromCwd(root: string, cwd: string, path: string): string {
  const posixOf = (p: string) => p.split(sep).join('/');
  const rel = posix.relative(posixOf(cwd), posix.join(posixOf(root), path));
  return rel === '' ? '.' : rel;
}
