// README.md's Completion section says what `completion install` does: the path of each shell's
// script by default and where it goes when the XDG variables are set (a script installed from a
// session with a temporary $XDG_DATA_HOME vanishes with it), and, in plain sight, that bash cannot
// see a variable set in front of the command, with what to do instead.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installTarget } from '../../../src/commands/completion/install.js';
import { REPO_ROOT } from '../../helpers/repo.js';

const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('\n## Completion\n'), readme.indexOf('\n## Upgrade\n'));
/** The section as one line of prose: a statement may wrap anywhere. */
const prose = section.replace(/\s+/g, ' ');

/** The path the README's install table gives for a shell. */
function tablePath(shell: string): string {
  const row = section.split('\n').find((l) => l.toLowerCase().startsWith(`| ${shell}`)) ?? '';
  return /\| `([^`]+)`/.exec(row)?.[1] ?? '';
}

describe('README: completion install', () => {
  it('names the path each shell gets by default', () => {
    const home = { HOME: '/home/u' };
    for (const shell of ['bash', 'zsh', 'fish', 'powershell'] as const) {
      expect(tablePath(shell).replace(/^~/, '/home/u'), shell).toBe(installTarget(shell, home, 'linux'));
    }
  });

  it('says where the scripts go when $XDG_DATA_HOME / $XDG_CONFIG_HOME are set', () => {
    const env = { HOME: '/home/u', XDG_DATA_HOME: '/D', XDG_CONFIG_HOME: '/C' };
    for (const shell of ['bash', 'zsh'] as const) {
      const shown = installTarget(shell, env, 'linux').replace(/^\/D/, '$XDG_DATA_HOME');
      const dir = shown.slice(0, shown.indexOf('/', '$XDG_DATA_HOME/'.length) + 1);
      expect(prose, shell).toContain(`\`${dir}`);
    }
    expect(installTarget('fish', env, 'linux').startsWith('/C/')).toBe(true);
    expect(prose).toMatch(/with `\$XDG_CONFIG_HOME` set, fish and PowerShell scripts go under that/);
    expect(prose).toContain('is a temporary directory');
  });

  it('states, in bold, that bash ignores FIBONACCI_API_KEY=… in front of the command, and what to do', () => {
    expect(prose).toContain('**bash: a variable set in front of the command is not seen.**');
    expect(prose).toMatch(/`export` the variable first/);
    expect(prose).toMatch(/or use zsh or fish/);
    expect(prose).toContain('`env FIBONACCI_API_KEY=… fibonacci …<TAB>`');
  });
});

describe('README: the first install from a checkout', () => {
  it('says that npm install -g . takes over a global fibonacci, and how to check or avoid it', () => {
    const first = readme.slice(readme.indexOf('## First steps'), readme.indexOf('\n## Install\n'));
    const text = first.replace(/\s+/g, ' ');
    expect(text).toContain('command -v fibonacci');
    expect(text).toMatch(/replaces, without asking, a global `fibonacci`/);
    expect(text).toContain('`npx fibonacci …`');
    expect(text).toContain('--prefix');
  });
});
