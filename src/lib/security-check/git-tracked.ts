import { execFile } from 'node:child_process';
import { join, sep } from 'node:path';

// Git ignores untracked files only: a file that is committed (`git add -f`, or added before the
// rule) is in every clone whatever .gitignore says, so a one-line .gitignore must not hide it from
// the gate. When `git` is on PATH and the scanned tree is in a work tree, its index says which files
// are tracked; otherwise (no git, not a repository, git failing or too slow) .gitignore alone
// decides, as before.

/** The tracked files under a tree (absolute paths), and every directory that holds one. */
export interface Tracked {
  files: ReadonlySet<string>;
  dirs: ReadonlySet<string>;
}

const GIT_TIMEOUT_MS = 15_000;

/** `git ls-files` under `root` (a real path); undefined when git cannot say. */
export function trackedFiles(root: string): Promise<Tracked | undefined> {
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
        env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
      },
      (err, stdout) => {
        if (err) return resolve(undefined);
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
