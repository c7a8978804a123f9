import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import { readFileAtMostSync } from '../../lib/bounded-read.js';
import { SHELLS, type Shell } from '../../lib/completion/values.js';
import type { Context } from '../../lib/context.js';
import { hint, line, success, warn } from '../../lib/display/messages.js';
import { t } from '../../lib/display/text.js';
import { CliError, usageError } from '../../lib/errors.js';
import { makeTrustedDir, type TrustRule } from '../../lib/file-trust.js';
import { namedFileError, writeNamedFile } from '../../lib/output-file.js';
import { homeDir, xdgDir } from '../../lib/xdg.js';
import type { AnyCommand } from '../shared.js';
import { completionScript } from './generate.js';
import { bashLoad, zshFinds } from './loaded.js';

/** Root may own a directory on the way (`/`, `/home`); a sticky one others may write is like /tmp. */
const SCRIPT_DIR: TrustRule = { othersMayRead: true, systemOwned: true };

/** A PowerShell profile is read (at most 1 MiB) only to see whether the line is there already. */
function readProfile(path: string): string {
  const limit = 1024 * 1024;
  return readFileAtMostSync(path, { limit, what: `the PowerShell profile ${path}`, kind: 'config' }).toString(
    'utf8',
  );
}

/** Where a shell loads completion scripts from without any rc-file change (zsh needs fpath). */
export function installTarget(shell: Shell, env: NodeJS.ProcessEnv, platform = process.platform): string {
  const data = xdgDir(env, 'data');
  const config = xdgDir(env, 'config');
  if (shell === 'bash') {
    const dir = env.BASH_COMPLETION_USER_DIR || join(data, 'bash-completion');
    return join(dir, 'completions', 'fibonacci');
  }
  if (shell === 'zsh') return join(data, 'zsh', 'site-functions', '_fibonacci');
  if (shell === 'fish') return join(config, 'fish', 'completions', 'fibonacci.fish');
  // Not XDG on Windows: PowerShell reads Documents\PowerShell under the home dir.
  const psDir =
    platform === 'win32' ? join(homeDir(env), 'Documents', 'PowerShell') : join(config, 'powershell');
  return join(psDir, 'fibonacci-completion.ps1');
}

function profileHas(profile: string, wanted: string): boolean {
  try {
    return readProfile(profile).split(/\r?\n/).includes(wanted);
  } catch {
    return false;
  }
}

function detectShell(env: NodeJS.ProcessEnv): Shell {
  const name = basename(env.SHELL ?? '').replace(/\.exe$/, '');
  const shell = name === 'pwsh' ? 'powershell' : name;
  if ((SHELLS as readonly string[]).includes(shell)) return shell as Shell;
  throw usageError(
    `cannot tell your shell from SHELL=${env.SHELL ?? '(unset)'}`,
    `name it: fibonacci completion install ${SHELLS.join('|')}`,
  );
}

export interface InstallOptions {
  /** The shell named on the command line; absent: from $SHELL. */
  shell?: Shell | undefined;
  /** The whole command tree the script is generated from (built only when the verb runs). */
  program: () => AnyCommand;
}

/** `fibonacci completion install [SHELL]`: the path written goes to stdout, what to do next to stderr. */
export async function runInstall(opts: InstallOptions, ctx: Context): Promise<void> {
  const { shell: named } = opts;
  const shell = named ?? detectShell(ctx.env);
  const target = installTarget(shell, ctx.env);
  // The shell runs this file at every start: it goes only where no other user could swap it.
  const unsafe = makeTrustedDir(dirname(target), 0o755, SCRIPT_DIR);
  if (unsafe) {
    throw new CliError(
      'config',
      `refusing to install into ${dirname(target)}: ${unsafe.dir} is not safe: ${unsafe.why}`,
      {
        hint: `the shell would run whatever that user puts there; fix ${unsafe.dir}'s owner or mode, or write the script yourself with \`fibonacci completion ${shell}\``,
      },
    );
  }
  try {
    // A user who linked the script to /dev/null (to turn completion off) keeps the link. A FIFO
    // there is no pipe the user set up for this run: one that no process reads is refused at once.
    await writeNamedFile(target, completionScript(opts.program(), shell), {
      mode: 0o644,
      io: ctx.io,
      waitForReader: false,
    });
  } catch (e) {
    throw namedFileError(
      e,
      `cannot write ${target}`,
      `remove or rename ${target}, or write the script yourself with \`fibonacci completion ${shell}\``,
    );
  }
  line(ctx.io, target);
  const todo = whatIsLeft(shell, target, ctx.env);
  // "It loads in new shells" only when it will; else the one thing left to do.
  success(ctx.io, `Installed ${shell} completion${todo === undefined ? '; it loads in new shells' : ''}`);
  if (todo !== undefined) hint(ctx.io, todo);
  // A throw-away session (HOME or XDG_DATA_HOME under /tmp) got a script that goes with it: said,
  // where before only "✓ Installed" was (newcomer pass 12).
  const temp = tempDirOf(target, ctx.env);
  if (temp !== undefined)
    warn(
      ctx.io,
      t`${target} is under the temporary directory ${temp}: it will not survive a cleanup or reboot`,
    );
}

/** The temporary directory (os.tmpdir(), TMPDIR, /tmp, /var/tmp) that holds `path`, if one does. */
function tempDirOf(path: string, env: NodeJS.ProcessEnv): string | undefined {
  const dirs = [tmpdir(), env.TMPDIR, '/tmp', '/var/tmp'].filter((d): d is string => !!d && isAbsolute(d));
  return dirs.find((dir) => {
    const rel = relative(dir, path);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  });
}

/** What the user must still do for new shells to load `target`, judged from their files. */
function whatIsLeft(shell: Shell, target: string, env: NodeJS.ProcessEnv): string | undefined {
  const home = homeDir(env);
  if (shell === 'bash') {
    const load = bashLoad(home);
    if (load.state === 'loaded') return undefined;
    if (load.state === 'no-package')
      return 'bash reads it through the bash-completion package, not found here: install it (`apt install bash-completion`, `brew install bash-completion@2`), or add `source <(fibonacci completion bash)` to ~/.bashrc';
    return `bash-completion is installed, but no line of ${load.checked.join(' or ')} loads it: add \`. ${load.script}\` to ~/.bashrc for new shells to load it`;
  }
  if (shell === 'zsh') {
    const dir = dirname(target);
    if (zshFinds(dir, env, home)) return undefined;
    return `add \`fpath=(${dir} $fpath)\` to ~/.zshrc, before compinit, for new shells to load it`;
  }
  if (shell === 'powershell') {
    // PowerShell loads no completion script by itself: like zsh's fpath, the one line that loads
    // it is the user's to add; the profile is read (is the line there already?), never written.
    const profile = join(dirname(target), 'Microsoft.PowerShell_profile.ps1');
    const profileLine = `. '${target.replace(/'/g, "''")}'`;
    if (profileHas(profile, profileLine)) return undefined;
    return `add \`${profileLine}\` to your PowerShell profile ($PROFILE, usually ${profile}) for new shells to load it`;
  }
  return undefined;
}
