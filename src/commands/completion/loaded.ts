import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readFileAtMostSync } from '../../lib/bounded-read.js';

// Whether a new shell will load the script `completion install` wrote, judged from the files that
// decide it, so the message says so only when it is true. bash reads its completions directory
// only through the bash-completion package, which must be installed AND sourced by a startup file
// (Debian ships /etc/bash.bashrc's lines commented out); zsh reads the directory only when it is in
// $fpath. `root` is `/` but for tests.

/** Where bash-completion's main script lives: distributions, then Homebrew. */
const BASH_COMPLETION_SCRIPTS = [
  'usr/share/bash-completion/bash_completion',
  'etc/bash_completion',
  'usr/local/share/bash-completion/bash_completion',
  'opt/homebrew/etc/profile.d/bash_completion.sh',
  'usr/local/etc/profile.d/bash_completion.sh',
];

/** The system files an interactive bash reads (Debian's, then Fedora's and macOS's). */
const SYSTEM_BASHRCS = ['etc/bash.bashrc', 'etc/bashrc'];

/** zsh's own directories in $fpath when no startup file changes it. */
const ZSH_DEFAULT_FPATH = [
  '/usr/share/zsh/site-functions',
  '/usr/share/zsh/vendor-completions',
  '/usr/local/share/zsh/site-functions',
  '/opt/homebrew/share/zsh/site-functions',
];

/** A startup file's lines that run (not `#` comments); none when it is missing or unreadable. */
function activeLines(path: string): string[] {
  try {
    const text = readFileAtMostSync(path, { limit: 1024 * 1024, what: path, kind: 'config' }).toString(
      'utf8',
    );
    return text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  } catch {
    return [];
  }
}

export type BashLoad =
  | { state: 'loaded' }
  /** bash-completion is there (`script`) but no startup file read here sources it. */
  | { state: 'not-sourced'; script: string; checked: string[] }
  | { state: 'no-package' };

/** Whether new bash shells load bash-completion (and with it the installed script). */
export function bashLoad(home: string, root = '/'): BashLoad {
  const found = BASH_COMPLETION_SCRIPTS.find((p) => existsSync(join(root, p)));
  if (found === undefined) return { state: 'no-package' };
  const profileD = existsSync(join(root, 'etc/profile.d/bash_completion.sh'));
  const rcs = [join(home, '.bashrc'), ...SYSTEM_BASHRCS.map((p) => join(root, p))];
  for (const rc of rcs) {
    for (const l of activeLines(rc)) {
      // Sourced by name, or (Fedora's /etc/bashrc) through every /etc/profile.d script.
      if (/bash_completion/.test(l) || (profileD && /\/etc\/profile\.d/.test(l))) return { state: 'loaded' };
    }
  }
  const checked = [
    '~/.bashrc',
    ...SYSTEM_BASHRCS.filter((p) => existsSync(join(root, p))).map((p) => `/${p}`),
  ];
  return { state: 'not-sourced', script: `/${found}`, checked };
}

/** Whether zsh looks in `dir` in new shells: a default fpath dir, or a ~/.zshrc fpath line names it. */
export function zshFinds(dir: string, env: NodeJS.ProcessEnv, home: string): boolean {
  if (ZSH_DEFAULT_FPATH.includes(dir)) return true;
  // Exported by some setups; zsh itself keeps $fpath unexported.
  if ((env.FPATH ?? '').split(':').includes(dir)) return true;
  const spellings = [dir];
  if (dir.startsWith(`${home}/`)) {
    const rest = dir.slice(home.length);
    spellings.push(`~${rest}`, `$HOME${rest}`, `\${HOME}${rest}`);
  }
  const data = env.XDG_DATA_HOME;
  if (data && dir.startsWith(`${data}/`)) spellings.push(`$XDG_DATA_HOME${dir.slice(data.length)}`);
  const zshrc = join(env.ZDOTDIR || home, '.zshrc');
  return activeLines(zshrc).some((l) => /fpath/.test(l) && spellings.some((s) => l.includes(s)));
}
