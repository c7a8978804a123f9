import { realpathSync, type Stats, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { usageError } from '../../lib/errors.js';
import { shownPathBare } from '../../lib/shown-value.js';

// security check reads files and never changes them. Before anything is scanned or written, an
// output (--output, --write-baseline) is refused when it names another file the check reads: the
// --baseline, a .gitignore the walk reads, git's own files under a scanned tree, or the other
// output (the report would stand where the baseline was said to be recorded). The files it scans
// are checked once the walk has named them (check.ts, readsFile).

export interface Outputs {
  output?: string | undefined;
  baseline?: string | undefined;
  writeBaseline?: string | undefined;
}

/** Exit 2 when an output names the baseline, the other output, or a file the walk of `targets` reads. */
export function refuseOverlaps(opts: Outputs, cwd: string, targets: readonly string[]): void {
  if (
    opts.baseline !== undefined &&
    opts.writeBaseline !== undefined &&
    same(cwd, opts.baseline, opts.writeBaseline)
  )
    throw usageError(
      '--baseline and --write-baseline name the same file',
      'write the new baseline elsewhere, or drop --baseline',
    );
  if (
    opts.output !== undefined &&
    opts.writeBaseline !== undefined &&
    same(cwd, opts.output, opts.writeBaseline)
  )
    throw usageError(
      '--output and --write-baseline name the same file',
      'write the report and the baseline to two files',
    );
  const dirs = targets.map((t) => realOrResolved(resolve(cwd, t))).filter((t) => stat(t)?.isDirectory());
  for (const [flag, file] of [
    ['--output', opts.output],
    ['--write-baseline', opts.writeBaseline],
  ] as const) {
    if (file === undefined) continue;
    const read =
      (flag === '--output' && opts.baseline !== undefined && same(cwd, file, opts.baseline)) ||
      gitFileOf(dirs, where(cwd, file));
    if (read)
      throw usageError(
        `${flag} ${shownPathBare(file)} is a file this check reads: writing it would replace it`,
        `write the ${flag === '--output' ? 'report' : 'baseline'} to another file`,
      );
  }
}

/** Whether `a` and `b` name one file that writing would replace (a FIFO or a device is written through). */
function same(cwd: string, a: string, b: string): boolean {
  const [pa, pb] = [where(cwd, a), where(cwd, b)];
  const [sa, sb] = [stat(pa), stat(pb)];
  if ((sa && !sa.isFile()) || (sb && !sb.isFile())) return false;
  return pa === pb || (sa !== undefined && sb !== undefined && sa.dev === sb.dev && sa.ino === sb.ino);
}

/**
 * A .gitignore the walk reads (in a scanned directory, below one, or above one up to the
 * repository's top), or a file inside the .git of such a directory (git ls-files reads the index).
 */
function gitFileOf(dirs: readonly string[], path: string): boolean {
  const related = (d: string) => dirs.some((t) => inside(t, d) || inside(d, t));
  if (basename(path) === '.gitignore' && related(dirname(path))) return true;
  for (let d = dirname(path); dirname(d) !== d; d = dirname(d))
    if (basename(d) === '.git' && related(dirname(d))) return true;
  return false;
}

const inside = (root: string, path: string) => path === root || path.startsWith(root + sep);

/** The file's path with its directory's links resolved (the file itself may not exist yet). */
function where(cwd: string, file: string): string {
  const abs = resolve(cwd, file);
  return join(realOrResolved(dirname(abs)), basename(abs));
}

function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function stat(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
