// Drive the real shells' completion of a command line: bash (with Debian's bash-completion), zsh
// (zpty, compadd captured), fish (`complete -C`). Each returns the offered words, sorted.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from '../../helpers/repo.js';

const HERE = dirname(fileURLToPath(import.meta.url));
export const COMPLETIONS = join(REPO_ROOT, 'completions');

export interface ShellRun {
  /** Text after the cursor (bash and zsh; it starts with a blank). */
  after?: string;
  /** Directory put first on PATH, e.g. one holding a stub `fibonacci` for dynamic values. */
  pathDir?: string;
  env?: Record<string, string>;
  /** bash only: without bash-completion loaded. */
  plainBash?: boolean;
  /** The directory the shell runs in. */
  cwd?: string;
  /** fish only: with fish's own completions (env, nice, command…), which --no-config leaves out. */
  fishSystem?: boolean;
}

function run(cmd: string, args: string[], o: ShellRun): string[] {
  const PATH = o.pathDir ? `${o.pathDir}:${process.env.PATH}` : (process.env.PATH ?? '');
  const env: Record<string, string> = { PATH, HOME: process.env.HOME ?? '/tmp', TERM: 'dumb', ...o.env };
  if (o.plainBash) env.FIB_NO_BASH_COMPLETION = '1';
  const r = spawnSync(cmd, args, { encoding: 'utf8', env, cwd: o.cwd, timeout: 15_000 });
  if (r.status !== 0) throw new Error(`${cmd} exited ${r.status}: ${r.stderr}`);
  return [...new Set(r.stdout.split('\n').filter((l) => l !== ''))].sort();
}

/** What bash offers for LINE (the text before the cursor). */
export function bashComplete(
  line: string,
  o: ShellRun = {},
  script = join(COMPLETIONS, 'fibonacci.bash'),
): string[] {
  const args = [join(HERE, 'complete.bash'), script, line, ...(o.after ? [o.after] : [])];
  return run('bash', ['--norc', '--noprofile', ...args], o);
}

/** What zsh offers for LINE, with the completions dir first in $fpath. */
export function zshComplete(line: string, o: ShellRun = {}, dir = COMPLETIONS): string[] {
  return run('zsh', ['-f', join(HERE, 'capture.zsh'), dir, line, ...(o.after ? [o.after] : [])], o);
}

/** fish's shipped completions and functions, as an interactive fish has them. */
const FISH_SYSTEM =
  'set -g fish_complete_path $__fish_data_dir/completions; set -p fish_function_path $__fish_data_dir/functions; ';

/** What fish offers for LINE (words only, without descriptions). */
export function fishComplete(
  line: string,
  o: ShellRun = {},
  script = join(COMPLETIONS, 'fibonacci.fish'),
): string[] {
  const quoted = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const words = run(
    'fish',
    [
      '--no-config',
      '-c',
      `${o.fishSystem ? FISH_SYSTEM : ''}source ${quoted(script)}; complete -C ${quoted(line)}`,
    ],
    o,
  );
  return [...new Set(words.map((w) => w.split('\t')[0] ?? ''))].sort();
}
