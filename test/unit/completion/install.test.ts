// `fibonacci completion install [SHELL]`: writes where each shell loads scripts from and edits no
// rc file, PowerShell's profile included: the line to add is printed, as zsh's fpath line is.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bashLoad } from '../../../src/commands/completion/loaded.js';
import { REPO_ROOT } from '../../helpers/repo.js';
import { runInProcess } from '../../helpers/run-in-process.js';

const homes: string[] = [];
afterAll(() => {
  for (const h of homes) rmSync(h, { recursive: true, force: true });
});
function home(): { HOME: string; XDG_DATA_HOME: string; XDG_CONFIG_HOME: string } {
  const h = mkdtempSync(join(tmpdir(), 'fib-install-'));
  homes.push(h);
  return { HOME: h, XDG_DATA_HOME: join(h, 'data'), XDG_CONFIG_HOME: join(h, 'config') };
}
/** These homes are under the temporary directory, so every install warns of it: asserted in keychain-wording. */
const quiet = (stderr: string) =>
  stderr.replace(
    /^warning: .* is under the temporary directory .*: it will not survive a cleanup or reboot\n/m,
    '',
  );
const script = (shell: string) => readFileSync(join(REPO_ROOT, 'completions', shell), 'utf8');

describe('completion install', () => {
  // This machine's bash-completion decides what is true (test/unit/completion/loaded.test.ts
  // covers each case on a made-up root): with the package, a ~/.bashrc that sources it loads it.
  const PACKAGE = bashLoad(tmpdir()).state !== 'no-package';

  it.runIf(PACKAGE)(
    'bash (from $SHELL): the bash-completion user dir, path on stdout, nothing else touched',
    async () => {
      const env = { ...home(), SHELL: '/bin/bash' };
      const bashrc =
        'if [ -f /usr/share/bash-completion/bash_completion ]; then\n  . /usr/share/bash-completion/bash_completion\nfi\n';
      writeFileSync(join(env.HOME, '.bashrc'), bashrc);
      const r = await runInProcess(['completion', 'install'], { env, stderrIsTTY: true });
      const target = join(env.XDG_DATA_HOME, 'bash-completion', 'completions', 'fibonacci');
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${target}\n`);
      expect(quiet(r.stderr)).toBe('✓ Installed bash completion; it loads in new shells\n');
      expect(readFileSync(target, 'utf8')).toBe(script('fibonacci.bash'));
      expect(readdirSync(env.HOME).sort()).toEqual(['.bashrc', 'data']);
      expect(readFileSync(join(env.HOME, '.bashrc'), 'utf8')).toBe(bashrc);
    },
  );

  it('bash, no startup file that loads bash-completion: not "it loads", and the one thing to do', async () => {
    const env = { ...home(), SHELL: '/bin/bash' };
    writeFileSync(join(env.HOME, '.bashrc'), '# . /usr/share/bash-completion/bash_completion\n');
    const load = bashLoad(env.HOME);
    const r = await runInProcess(['completion', 'install'], { env, stderrIsTTY: true });
    expect(r.code).toBe(0);
    if (load.state === 'loaded') return; // this machine's /etc/bash.bashrc loads it for everyone
    const [first, second, ...rest] = quiet(r.stderr).split('\n');
    expect([first, rest]).toEqual(['✓ Installed bash completion', ['']]);
    expect(second).toMatch(
      load.state === 'no-package'
        ? /^hint: bash reads it through the bash-completion package, not found here: install it/
        : /^hint: bash-completion is installed, but no line of ~\/\.bashrc( or \/etc\/[a-z.]+)* loads it: add `\. \/[^`]+` to ~\/\.bashrc for new shells to load it$/,
    );
  });

  it('zsh: a site-functions dir, and the one fpath line to add, with no "it loads" before it', async () => {
    const env = home();
    const r = await runInProcess(['completion', 'install', 'zsh'], { env, stderrIsTTY: true });
    const dir = join(env.XDG_DATA_HOME, 'zsh', 'site-functions');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${join(dir, '_fibonacci')}\n`);
    expect(quiet(r.stderr)).toBe(
      `✓ Installed zsh completion\nhint: add \`fpath=(${dir} $fpath)\` to ~/.zshrc, before compinit, for new shells to load it\n`,
    );
    expect(readFileSync(join(dir, '_fibonacci'), 'utf8')).toBe(script('_fibonacci'));
    expect(existsSync(join(env.HOME, '.zshrc'))).toBe(false);
  });

  it('zsh: a ~/.zshrc whose fpath line names the dir already: it loads in new shells', async () => {
    const env = home();
    writeFileSync(
      join(env.HOME, '.zshrc'),
      'fpath=($HOME/data/zsh/site-functions $fpath)\nautoload -U compinit; compinit\n',
    );
    const r = await runInProcess(['completion', 'install', 'zsh'], { env, stderrIsTTY: true });
    expect([r.code, quiet(r.stderr)]).toEqual([0, '✓ Installed zsh completion; it loads in new shells\n']);
  });

  it('fish: its completions dir, loaded with no change at all', async () => {
    const env = home();
    const r = await runInProcess(['completion', 'install', 'fish'], { env });
    expect(r.stdout).toBe(`${join(env.XDG_CONFIG_HOME, 'fish', 'completions', 'fibonacci.fish')}\n`);
    expect(quiet(r.stderr)).toBe('');
  });

  it.each([
    ['named', ['completion', 'install', 'powershell'], {}],
    ['from $SHELL', ['completion', 'install'], { SHELL: '/usr/bin/pwsh' }],
  ])(
    'PowerShell (%s): the script, and the profile line printed, never written',
    async (_how, argv, extra) => {
      const env = { ...home(), ...extra };
      const dir = join(env.XDG_CONFIG_HOME, 'powershell');
      const target = join(dir, 'fibonacci-completion.ps1');
      const profile = join(dir, 'Microsoft.PowerShell_profile.ps1');
      const line = `. '${target}'`;
      const r = await runInProcess(argv, { env });
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${target}\n`);
      expect(quiet(r.stderr)).toBe(
        `hint: add \`${line}\` to your PowerShell profile ($PROFILE, usually ${profile}) for new shells to load it\n`,
      );
      expect(readFileSync(target, 'utf8')).toBe(script('fibonacci.ps1'));
      expect(readdirSync(dir)).toEqual(['fibonacci-completion.ps1']);
    },
  );

  it('PowerShell: a profile that already loads the script is only read, and nothing is printed', async () => {
    const env = home();
    const dir = join(env.XDG_CONFIG_HOME, 'powershell');
    const profile = join(dir, 'Microsoft.PowerShell_profile.ps1');
    const text = `Set-PSReadLineOption -EditMode Emacs\r\n. '${join(dir, 'fibonacci-completion.ps1')}'\r\n`;
    mkdirSync(dir, { recursive: true });
    writeFileSync(profile, text);
    const before = statSync(profile).mtimeMs;
    const r = await runInProcess(['completion', 'install', 'powershell'], { env });
    expect(r.code).toBe(0);
    expect(quiet(r.stderr)).toBe('');
    expect(readFileSync(profile, 'utf8')).toBe(text);
    expect(statSync(profile).mtimeMs).toBe(before);
  });

  it('an unknown $SHELL is a usage error that names the choices; a bad name too', async () => {
    const r = await runInProcess(['completion', 'install'], { env: { ...home(), SHELL: '/bin/tcsh' } });
    expect(r.code).toBe(2);
    expect(quiet(r.stderr)).toBe(
      'error: cannot tell your shell from SHELL=/bin/tcsh\nhint: name it: fibonacci completion install bash|zsh|fish|powershell\n',
    );
    const bad = await runInProcess(['completion', 'install', 'csh'], { env: home() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'error: invalid shell "csh": expected one of bash, zsh, fish, powershell\nhint: see `fibonacci completion install --help`\n',
    );
  });

  describe('only where no other user could swap the script the shell runs', () => {
    const ROOT = process.getuid?.() === 0;
    const refused = (target: string, dir: string, why: string, shell: string) => ({
      code: 3,
      stdout: '',
      stderr:
        `error: refusing to install into ${target}: ${dir} is not safe: ${why}\n` +
        `hint: the shell would run whatever that user puts there; fix ${dir}'s owner or mode, or write the script yourself with \`fibonacci completion ${shell}\`\n`,
    });

    it('a directory on the way that others may write: exit 3, nothing written; a sticky one is fine', async () => {
      const env = home();
      const data = join(env.XDG_DATA_HOME);
      mkdirSync(data, { recursive: true });
      chmodSync(data, 0o777);
      const target = join(data, 'bash-completion', 'completions');
      const r = await runInProcess(['completion', 'install', 'bash'], { env });
      expect(r).toMatchObject(refused(target, data, 'its mode 777 lets other users at it', 'bash'));
      // Judged before anything is made in it: not even the directories.
      expect(readdirSync(data)).toEqual([]);
      if (ROOT) {
        chmodSync(data, 0o1777);
        const ok = await runInProcess(['completion', 'install', 'bash'], { env });
        expect(ok.code, ok.stderr).toBe(0);
      }
    });

    it('a link that leads into a directory others may write is refused by the real path', async () => {
      const env = home();
      const evil = mkdtempSync(join(tmpdir(), 'fib-install-evil-'));
      homes.push(evil);
      chmodSync(evil, 0o777);
      mkdirSync(join(env.XDG_CONFIG_HOME, 'fish'), { recursive: true });
      symlinkSync(evil, join(env.XDG_CONFIG_HOME, 'fish', 'completions'));
      const r = await runInProcess(['completion', 'install', 'fish'], { env });
      expect(r).toMatchObject(
        refused(
          join(env.XDG_CONFIG_HOME, 'fish', 'completions'),
          evil,
          'its mode 777 lets other users at it',
          'fish',
        ),
      );
      expect(readdirSync(evil)).toEqual([]);
    });

    it.runIf(ROOT)('a directory of another user is refused', async () => {
      const env = home();
      const dir = join(env.XDG_CONFIG_HOME, 'powershell');
      mkdirSync(dir, { recursive: true });
      chownSync(dir, 65534, 65534);
      const r = await runInProcess(['completion', 'install', 'powershell'], { env });
      expect(r).toMatchObject(refused(dir, dir, 'it belongs to another user (uid 65534)', 'powershell'));
      expect(readdirSync(dir)).toEqual([]);
    });
  });

  it('a directory at the target is exit 3; a link to a device (completion turned off) is written through and kept', async () => {
    const env = { ...home(), SHELL: '/bin/bash' };
    const target = join(env.XDG_DATA_HOME, 'bash-completion', 'completions', 'fibonacci');
    mkdirSync(target, { recursive: true });
    const r = await runInProcess(['completion', 'install'], { env });
    expect([r.code, quiet(r.stderr).split('\n')[0]]).toEqual([
      3,
      `error: cannot write ${target}: it is a directory`,
    ]);
    rmSync(target, { recursive: true });
    const nul = join(env.HOME, 'null');
    // mknod needs CAP_MKNOD (root in CI containers); never the machine's own /dev/null.
    try {
      execFileSync('mknod', ['-m', '666', nul, 'c', '1', '3'], { stdio: 'ignore' });
    } catch {
      return;
    }
    symlinkSync(nul, target);
    const again = await runInProcess(['completion', 'install'], { env });
    expect(again.code).toBe(0);
    expect([lstatSync(target).isSymbolicLink(), statSync(nul).isCharacterDevice()]).toEqual([true, true]);
  });
});
