import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { InvalidArgumentError } from '@commander-js/extra-typings';

/** `$XDG_DATA_HOME/fibonacci/emulator`, or `~/.local/share/fibonacci/emulator`. */
export function defaultDataDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_DATA_HOME || join(env.HOME || homedir(), '.local', 'share');
  return join(base, 'fibonacci', 'emulator');
}

/** The data dir a command works on: the flag (made absolute) or the default. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return flag === undefined ? defaultDataDir(env) : resolve(flag);
}

/** Commander argument parser for `--port`: an integer 0–65535 (0 picks a free port). */
export function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535)
    throw new InvalidArgumentError('expected a port number from 0 to 65535');
  return n;
}

/** Commander argument parser for a positive integer. */
export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || !Number.isSafeInteger(n)) {
    throw new InvalidArgumentError('expected a positive integer');
  }
  return n;
}

/** Quote a word for a POSIX shell when it needs it, so printed `export` lines paste safely. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
