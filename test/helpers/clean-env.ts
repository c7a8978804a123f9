/** The environment a spawned CLI (or binary) starts with: nothing inherited but PATH and TZ. */
import { join } from 'node:path';
import { tempDir } from './temp-dir.js';

/**
 * A clean environment for a spawned CLI: PATH, TZ, and a fresh HOME / XDG_CONFIG_HOME /
 * XDG_DATA_HOME / XDG_CACHE_HOME under a temp dir; no NO_COLOR, no CI, no FIBONACCI_*; then `extra`.
 * Pass the same `HOME`/`XDG_*` in `extra` across calls for state that must persist between them.
 */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const home = tempDir('fib-home-');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    TZ: process.env.TZ ?? 'UTC',
  };
  return { ...env, ...extra };
}
