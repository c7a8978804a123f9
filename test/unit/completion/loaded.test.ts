// Whether new shells load what `completion install` wrote, judged from the files that decide it,
// on a made-up root: Debian (the package, its lines commented out), Ubuntu's ~/.bashrc, Fedora's
// /etc/bashrc through /etc/profile.d, no package at all; zsh's fpath from ~/.zshrc.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bashLoad, zshFinds } from '../../../src/commands/completion/loaded.js';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** A root and a home holding `files` (paths relative to the root; `~/` for the home). */
function machine(files: Record<string, string>): { root: string; home: string } {
  const root = mkdtempSync(join(tmpdir(), 'fib-loaded-'));
  made.push(root);
  const home = join(root, 'home', 'u');
  mkdirSync(home, { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    const at = path.startsWith('~/') ? join(home, path.slice(2)) : join(root, path);
    mkdirSync(dirname(at), { recursive: true });
    writeFileSync(at, text);
  }
  return { root, home };
}

const PACKAGE = { 'usr/share/bash-completion/bash_completion': '# the package\n' };
const DEBIAN_BASHRC =
  '# enable bash completion in interactive shells\n#if ! shopt -oq posix; then\n#  if [ -f /usr/share/bash-completion/bash_completion ]; then\n#    . /usr/share/bash-completion/bash_completion\n#  fi\n#fi\n';
const UBUNTU_SKEL =
  'if ! shopt -oq posix; then\n  if [ -f /usr/share/bash-completion/bash_completion ]; then\n    . /usr/share/bash-completion/bash_completion\n  elif [ -f /etc/bash_completion ]; then\n    . /etc/bash_completion\n  fi\nfi\n';

describe('bash: does a new shell load bash-completion?', () => {
  it('no package: nothing reads the completions dir', () => {
    const { root, home } = machine({ '~/.bashrc': UBUNTU_SKEL });
    expect(bashLoad(home, root)).toEqual({ state: 'no-package' });
  });

  it("Debian: the package, but /etc/bash.bashrc's lines commented out and no ~/.bashrc", () => {
    const { root, home } = machine({ ...PACKAGE, 'etc/bash.bashrc': DEBIAN_BASHRC });
    expect(bashLoad(home, root)).toEqual({
      state: 'not-sourced',
      script: '/usr/share/bash-completion/bash_completion',
      checked: ['~/.bashrc', '/etc/bash.bashrc'],
    });
  });

  it("Debian's login-shell profile.d script alone does not load it in a terminal's shell", () => {
    const { root, home } = machine({
      ...PACKAGE,
      'etc/profile.d/bash_completion.sh': '. /usr/share/bash-completion/bash_completion\n',
      'etc/bash.bashrc': DEBIAN_BASHRC,
    });
    expect(bashLoad(home, root).state).toBe('not-sourced');
  });

  it("Ubuntu's ~/.bashrc, or the system file's lines uncommented: loaded", () => {
    expect(bashLoad(...args(machine({ ...PACKAGE, '~/.bashrc': UBUNTU_SKEL })))).toEqual({ state: 'loaded' });
    const uncommented = DEBIAN_BASHRC.replace(/^#(?! enable)/gm, '');
    expect(bashLoad(...args(machine({ ...PACKAGE, 'etc/bash.bashrc': uncommented })))).toEqual({
      state: 'loaded',
    });
  });

  it("Fedora: /etc/bashrc runs every /etc/profile.d script, bash-completion's among them", () => {
    const fedora = machine({
      ...PACKAGE,
      'etc/profile.d/bash_completion.sh': '. /usr/share/bash-completion/bash_completion\n',
      'etc/bashrc': 'for i in /etc/profile.d/*.sh; do\n  . "$i"\ndone\n',
    });
    expect(bashLoad(...args(fedora))).toEqual({ state: 'loaded' });
  });
});

function args(m: { root: string; home: string }): [string, string] {
  return [m.home, m.root];
}

describe('zsh: is the dir in $fpath in a new shell?', () => {
  const dirOf = (home: string) => join(home, '.local', 'share', 'zsh', 'site-functions');

  it('not by default, nor with a ~/.zshrc that does not name it', () => {
    const { home } = machine({
      '~/.zshrc': 'autoload -U compinit; compinit\n# fpath=(~/.local/share/zsh/site-functions $fpath)\n',
    });
    expect(zshFinds(dirOf(home), {}, home)).toBe(false);
  });

  it.each([
    'fpath=(~/.local/share/zsh/site-functions $fpath)',
    'fpath=($HOME/.local/share/zsh/site-functions $fpath)',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell-variable reference, literally
    'fpath+=${HOME}/.local/share/zsh/site-functions',
  ])('a ~/.zshrc line %s names it', (line) => {
    const { home } = machine({ '~/.zshrc': `${line}\nautoload -U compinit; compinit\n` });
    expect(zshFinds(dirOf(home), {}, home)).toBe(true);
  });

  it('$ZDOTDIR/.zshrc, an exported FPATH, and a default dir count too', () => {
    const { root, home } = machine({ 'zdot/.zshrc': 'fpath=($XDG_DATA_HOME/zsh/site-functions $fpath)\n' });
    const data = join(home, 'data');
    const dir = join(data, 'zsh', 'site-functions');
    expect(zshFinds(dir, { ZDOTDIR: join(root, 'zdot'), XDG_DATA_HOME: data }, home)).toBe(true);
    expect(zshFinds(dir, { FPATH: `/usr/share/zsh/functions:${dir}` }, home)).toBe(true);
    expect(zshFinds('/usr/local/share/zsh/site-functions', {}, home)).toBe(true);
    expect(zshFinds(dir, {}, home)).toBe(false);
  });
});
