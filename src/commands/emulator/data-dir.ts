import { join, resolve } from 'node:path';
import { CliError } from '../../lib/errors.js';
import { looksLikeCredential, shownPathBare } from '../../lib/shown-value.js';
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
 * The one line that shows a new key, the first start's owner key and every `add-user` key alike:
 * `ROLE key (shown once; FACTS): KEY`, so whoever reads (or greps) one knows the other.
 */
export function keyLine(role: string, facts: readonly string[], key: string): string {
  return `${role} key (shown once; ${facts.join(', ')}): ${key}`;
}

/**
 * The user error (exit 3) for a data dir the emulator refuses: one that another user could have
 * planted files in (data-dir-trust.ts says which path and why), or one another emulator holds
 * (data-dir-claim.ts names its pid); undefined for any other error.
 */
export async function untrustedDataDir(e: unknown): Promise<CliError | undefined> {
  // Already loaded by the caller; imported here so the command declarations never load the emulator.
  const { UntrustedDataDirError } = await import('../../emulator/data-dir-trust.js');
  const { DataDirLockedError } = await import('../../emulator/data-dir-claim.js');
  if (!(e instanceof UntrustedDataDirError || e instanceof DataDirLockedError)) return undefined;
  return new CliError('config', e.message, { hint: e.fix });
}

/**
 * Run `body` (which opens a data dir through bootstrap.ts) and turn bootstrap's NoEmulatorDataError
 * into the one user error (exit 3) every out-of-band verb prints for a dir no emulator has started
 * on, and a refused data dir into its own.
 */
export async function withEmulatorData<T>(body: () => T): Promise<T> {
  try {
    return body();
  } catch (e) {
    const { NoEmulatorDataError } = await import('../../emulator/bootstrap.js');
    if (e instanceof NoEmulatorDataError) {
      // The dir as typed may be a token pasted in its place: shown as every refused path is.
      throw new CliError('config', `no emulator data in ${shownPathBare(e.dataDir)}`, {
        hint: !looksLikeCredential(e.dataDir)
          ? `start it once first: fibonacci emulator start --data-dir ${e.dataDir}`
          : 'start it once first: fibonacci emulator start --data-dir DIR (the same --data-dir)',
      });
    }
    throw (await untrustedDataDir(e)) ?? e;
  }
}
