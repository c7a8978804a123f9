import { join, resolve } from 'node:path';
import { CliError } from '../../lib/errors.js';
import { xdgDir } from '../../lib/xdg.js';

/** `$XDG_DATA_HOME/fibonacci/emulator`, or `~/.local/share/fibonacci/emulator`. */
export function defaultDataDir(env: NodeJS.ProcessEnv): string {
  return join(xdgDir(env, 'data'), 'fibonacci', 'emulator');
}

/** The data dir a command works on: the flag (made absolute) or the default. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return flag === undefined ? defaultDataDir(env) : resolve(flag);
}

/**
 * Run `body` (which opens a data dir through bootstrap.ts) and turn bootstrap's NoEmulatorDataError
 * into the one user error (exit 3) every out-of-band verb prints for a dir no emulator has started on.
 */
export async function withEmulatorData<T>(body: () => T): Promise<T> {
  try {
    return body();
  } catch (e) {
    // Already loaded by the caller; imported here so the command declarations never load the emulator.
    const { NoEmulatorDataError } = await import('../../emulator/bootstrap.js');
    if (e instanceof NoEmulatorDataError) {
      throw new CliError('config', `no emulator data in ${e.dataDir}`, {
        hint: `start it once first: fibonacci emulator start --data-dir ${e.dataDir}`,
      });
    }
    throw e;
  }
}
