// XDG base directories, the one rule for where the CLI keeps config, caches and data. On the
// start-up path (settings.ts): import nothing beyond node:os and node:path.
//
// Only an absolute path is believed. A relative one would be resolved against whatever directory
// the user happens to be in, so a config.json checked into a repository would choose the API a
// key is sent to (a TAB alone runs `__complete` there). The XDG Base Directory spec says as much:
// a relative path in these variables is invalid and is ignored. The same holds for $HOME.

import { homedir, userInfo } from 'node:os';
import { isAbsolute, join } from 'node:path';

export type XdgKind = 'config' | 'cache' | 'data';

const VARIABLE: Readonly<Record<XdgKind, string>> = {
  config: 'XDG_CONFIG_HOME',
  cache: 'XDG_CACHE_HOME',
  data: 'XDG_DATA_HOME',
};

const UNDER_HOME: Readonly<Record<XdgKind, readonly string[]>> = {
  config: ['.config'],
  cache: ['.cache'],
  data: ['.local', 'share'],
};

/** Where no home is known: a path that holds nothing, rather than one under the cwd. */
const NO_HOME = '/nonexistent';

const absolute = (p: string | undefined): string | undefined => (p && isAbsolute(p) ? p : undefined);

/**
 * `$HOME` when absolute; else the account's home from the password database (os.homedir() would
 * hand back the same relative `$HOME` of this process).
 */
export function homeDir(env: Readonly<Record<string, string | undefined>>): string {
  const home = absolute(env.HOME);
  if (home) return home;
  if (env.HOME === undefined) {
    const os = absolute(homedir());
    if (os) return os;
  }
  try {
    return absolute(userInfo().homedir) ?? NO_HOME;
  } catch {
    return NO_HOME;
  }
}

/** `$XDG_<KIND>_HOME` when set to an absolute path, else its default under the home directory. */
export function xdgDir(env: Readonly<Record<string, string | undefined>>, kind: XdgKind): string {
  return absolute(env[VARIABLE[kind]]) ?? join(homeDir(env), ...UNDER_HOME[kind]);
}
