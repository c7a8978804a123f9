import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { homeDir, xdgDir } from '../../../src/lib/xdg.js';

describe('xdgDir', () => {
  it('takes $XDG_<KIND>_HOME when set', () => {
    const env = { HOME: '/home/u', XDG_CONFIG_HOME: '/c', XDG_CACHE_HOME: '/k', XDG_DATA_HOME: '/d' };
    expect(xdgDir(env, 'config')).toBe('/c');
    expect(xdgDir(env, 'cache')).toBe('/k');
    expect(xdgDir(env, 'data')).toBe('/d');
  });

  it('falls back to the defaults under $HOME when the variable is unset or empty', () => {
    const env = { HOME: '/home/u', XDG_CONFIG_HOME: '' };
    expect(xdgDir(env, 'config')).toBe(join('/home/u', '.config'));
    expect(xdgDir(env, 'cache')).toBe(join('/home/u', '.cache'));
    expect(xdgDir(env, 'data')).toBe(join('/home/u', '.local', 'share'));
  });

  it("uses the OS's home dir when $HOME is unset or empty", () => {
    expect(xdgDir({}, 'cache')).toBe(join(homedir(), '.cache'));
    expect(xdgDir({ HOME: '' }, 'data')).toBe(join(homedir(), '.local', 'share'));
  });
});

describe('a relative path is ignored (the XDG spec: "consider the path invalid")', () => {
  it('a relative $XDG_<KIND>_HOME falls back to the default under $HOME', () => {
    const env = { HOME: '/home/u', XDG_CONFIG_HOME: 'relcfg', XDG_CACHE_HOME: './k', XDG_DATA_HOME: '.' };
    expect(xdgDir(env, 'config')).toBe('/home/u/.config');
    expect(xdgDir(env, 'cache')).toBe('/home/u/.cache');
    expect(xdgDir(env, 'data')).toBe('/home/u/.local/share');
  });

  it('a relative or empty $HOME: the account’s home from the password database, never the cwd', () => {
    for (const HOME of ['.', 'home', '']) {
      const dir = xdgDir({ HOME }, 'config');
      expect(isAbsolute(dir)).toBe(true);
      expect(dir).toBe(join(homeDir({ HOME }), '.config'));
    }
  });
});
