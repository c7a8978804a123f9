// XDG base directories, the one rule for where the CLI keeps config, caches and data. On the
// start-up path (settings.ts): import nothing beyond node:os and node:path.

import { homedir } from 'node:os';
import { join } from 'node:path';

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

/** `$XDG_<KIND>_HOME` when set and non-empty, else its default under `$HOME` (or the OS's home dir). */
export function xdgDir(env: Readonly<Record<string, string | undefined>>, kind: XdgKind): string {
  return env[VARIABLE[kind]] || join(env.HOME || homedir(), ...UNDER_HOME[kind]);
}
