import { realpath, stat } from 'node:fs/promises';
import { dirname, posix, resolve, sep } from 'node:path';
import { workTreeTop } from './git-tracked.js';

// The directory every path of a report, a baseline and SARIF's %SRCROOT% is relative to. A path
// relative to the working directory changed with it: a baseline written at the repository's top
// stopped matching in a CI job with a `working-directory:`, and SARIF written from workflows/ named
// `triage.yaml`, which GitHub code scanning could not place. So: the top level of the git work tree
// when every PATH is in the same one (one git process per PATH, none per file), else the working
// directory, as before. One root per scan: two repositories' `workflows/a.yaml` stay two paths.

/** The root the report's paths are relative to, and whether it is a git work tree's top level. */
export interface ScanRoot {
  dir: string;
  gitTop: boolean;
}

export async function scanRoot(targets: readonly string[], cwd: string): Promise<ScanRoot> {
  const fallback: ScanRoot = { dir: cwd, gitTop: false };
  const asked = new Map<string, Promise<string | undefined>>();
  let top: string | undefined;
  for (const target of targets) {
    const abs = resolve(cwd, target);
    let dir: string;
    try {
      const real = await realpath(abs);
      dir = (await stat(real)).isDirectory() ? real : await realpath(dirname(abs));
    } catch {
      return fallback; // the walk reports it; no root can be known for it
    }
    let answer = asked.get(dir);
    if (answer === undefined) {
      answer = workTreeTop(dir);
      asked.set(dir, answer);
    }
    const here = await answer;
    if (here === undefined || (top !== undefined && here !== top)) return fallback;
    top = here;
  }
  return top === undefined ? fallback : { dir: top, gitTop: true };
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
