import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';

// Git ignores untracked files only: a file that is committed (`git add -f`, or added before the
// rule) is in every clone whatever .gitignore says, so a one-line .gitignore must not hide it from
// the gate. When `git` is on PATH and the scanned tree is in a work tree, its index says which files
// are tracked. Outside a repository .gitignore alone decides. Inside one (a .git at or above the
// tree) where git cannot answer (not installed, "dubious ownership", too slow), the gate does not
// fall back to the weaker rule in silence: the walk reports each path it would skip as unreadable.

/** The tracked files under a tree (absolute paths), and every directory that holds one. */
export interface Tracked {
  files: ReadonlySet<string>;
  dirs: ReadonlySet<string>;
}

const GIT_TIMEOUT_MS = 15_000;
const GIT_ENV = () => ({ ...process.env, GIT_OPTIONAL_LOCKS: '0' });

/** Git could not list a repository's files: why, in git's first line or ours. */
export interface Untold {
  untold: string;
}

/** The nearest of `dir` and the directories above it that holds `.git` (a directory, or a worktree's file). */
function holdingGit(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return undefined;
  }
}
const inRepository = (dir: string): boolean => holdingGit(dir) !== undefined;

/**
 * The top level of the git work tree holding `dir` (a real path), as git says it: the root that
 * report and baseline paths are relative to, so they do not depend on where the check runs. One
 * process per directory asked (the caller asks once per PATH), none per file. Where git cannot
 * answer (not installed, "dubious ownership" in a CI container) the directory holding `.git` is
 * that top: the paths, and so the baseline, stay the same. Undefined outside a work tree.
 */
export function workTreeTop(dir: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(
      'git',
      ['-c', 'core.fsmonitor=false', '-C', dir, 'rev-parse', '--show-toplevel'],
      { encoding: 'utf8', timeout: GIT_TIMEOUT_MS, windowsHide: true, env: GIT_ENV() },
      (err, stdout, stderr) => {
        const top = stdout.replace(/\n$/, '');
        if (!err && top !== '') return resolve(top);
        // Git's own verdict that this is no work tree (an empty .git, inside .git itself) stands.
        resolve(/not a git repository|must be run in a work tree/.test(stderr) ? undefined : holdingGit(dir));
      },
    );
  });
}

/** `git ls-files` under `root` (a real path); undefined outside a repository. */
export function trackedFiles(root: string): Promise<Tracked | Untold | undefined> {
  return new Promise((resolve) => {
    execFile(
      'git',
      // No fsmonitor hook: the scan must not run a command the repository's config names.
      ['-c', 'core.fsmonitor=false', '-C', root, 'ls-files', '-z', '--cached'],
      {
        encoding: 'buffer',
        timeout: GIT_TIMEOUT_MS,
        maxBuffer: 1024 * 1024 * 1024,
        windowsHide: true,
        env: GIT_ENV(),
      },
      (err, stdout, stderr) => {
        if (err) {
          const said = stderr
            .toString('utf8')
            .split('\n')[0]
            ?.replace(/^fatal: /, '')
            .trim();
          // Git's own verdict that this is no repository (an empty .git directory is none) stands.
          if (!inRepository(root) || /^not a git repository/.test(said ?? '')) return resolve(undefined);
          const code = (err as NodeJS.ErrnoException).code;
          const why = code === 'ENOENT' ? 'git is not installed' : said || 'git failed';
          return resolve({ untold: why.slice(0, 200) });
        }
        const files = new Set<string>();
        const dirs = new Set<string>();
        for (const rel of stdout.toString('utf8').split('\0')) {
          if (rel === '') continue;
          const abs = join(root, ...rel.split('/'));
          files.add(abs);
          for (let i = abs.lastIndexOf(sep); i > root.length; i = abs.lastIndexOf(sep, i - 1))
            dirs.add(abs.slice(0, i));
        }
        resolve({ files, dirs });
      },
    );
  });
}
