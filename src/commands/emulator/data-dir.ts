import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CliError } from '../../lib/errors.js';
import { quotedPath } from '../../lib/quote.js';
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
 * The data dir of the emulator FIBONACCI_CA_CERT trusts, when that is an emulator's own `ca.pem`
 * beside its database: the one a user who exported the start line's variables most likely means.
 */
function dataDirOfCa(env: NodeJS.ProcessEnv): string | undefined {
  const ca = env.FIBONACCI_CA_CERT;
  if (!ca || basename(ca) !== 'ca.pem') return undefined;
  const dir = dirname(resolve(ca));
  return existsSync(join(dir, 'emulator.db')) ? dir : undefined;
}

/**
 * Run `body` (which opens a data dir through bootstrap.ts) and turn bootstrap's NoEmulatorDataError
 * into the one user error (exit 3) every out-of-band verb prints for a dir no emulator has started
 * on, and a refused data dir into its own. With no --data-dir given (`flag` undefined) and the
 * exported FIBONACCI_CA_CERT an emulator's, the hint names that emulator's data dir.
 */
export async function withEmulatorData<T>(
  body: () => T,
  given?: { flag: string | undefined; env: NodeJS.ProcessEnv },
): Promise<T> {
  try {
    return body();
  } catch (e) {
    const { NoEmulatorDataError } = await import('../../emulator/bootstrap.js');
    if (e instanceof NoEmulatorDataError) {
      const running = given && given.flag === undefined ? dataDirOfCa(given.env) : undefined;
      // The dir as typed may be a token pasted in its place: shown as every refused path is.
      throw new CliError('config', `no emulator data in ${shownPathBare(e.dataDir)}`, {
        hint:
          running !== undefined && running !== e.dataDir
            ? `FIBONACCI_CA_CERT is the CA of the emulator whose data is in ${shownPathBare(running)}: add --data-dir ${quotedPath(running)}`
            : !looksLikeCredential(e.dataDir)
              ? `start it once first: fibonacci emulator start --data-dir ${e.dataDir}`
              : 'start it once first: fibonacci emulator start --data-dir DIR (the same --data-dir)',
      });
    }
    throw (await untrustedDataDir(e)) ?? e;
  }
}
