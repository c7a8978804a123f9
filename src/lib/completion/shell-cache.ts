// The names cache the completion scripts read themselves, so a warm TAB starts no Node. The shell
// cannot read the keychain nor resolve config.json, so a file is found by what the shell CAN see —
// a SHA-256 of the exported CONTEXT_VARS (the key included, fed to sha256sum through a pipe), the
// kind and the --env word — and holds what it was resolved against: the identity (inode, size,
// ctime to the nanosecond, which `stat -L -c '%i:%s:%.9Z'` prints the same way) of config.json and
// of the credential stamp beside it. The keychain is shared by every cache directory of the
// session, so `auth login`/`auth logout` rewrite that stamp (a new inode), which makes every cache
// made before with that config dir stale, whichever XDG_CACHE_HOME it lives in; they also remove
// their own cache. A login under another config dir rewrites its own stamp only: that gap is
// bounded by the TTL (docs/architecture.md "Dynamic completion").

import { createHash } from 'node:crypto';
import { rmSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { configDir } from '../config-file.js';
import { makeTrustedDir, shownDistrustDir, untrustedDirError } from '../file-trust.js';
import { writeFileAtomic } from '../files.js';
import { shownPathBare } from '../shown-value.js';
import { describeWriteError } from '../write-errors.js';
import { xdgDir } from '../xdg.js';
import { CACHE_HASH_TAG, CACHE_MAGIC, CACHE_MAX_BYTES, CACHE_MAX_NAMES, CONTEXT_VARS } from './values.js';

/** Everything cached for completion (Node's JSON entries and the shell's files). */
export function completionCacheDir(env: NodeJS.ProcessEnv): string {
  return join(xdgDir(env, 'cache'), 'fibonacci', 'completion');
}

/** Where the shell looks: `<cache>/fibonacci/completion/sh/<sha256 hex>`. */
export function shellCachePath(env: NodeJS.ProcessEnv, kind: string, envArg: string | undefined): string {
  const h = createHash('sha256').update(`${CACHE_HASH_TAG}\0`);
  // Set and empty differ from unset, as they do to the settings ("" is not the default API).
  for (const name of CONTEXT_VARS) h.update(env[name] === undefined ? '-\0' : `=${env[name]}\0`);
  h.update(`${kind}\0${envArg === undefined ? '-' : `=${envArg}`}\0`);
  return join(completionCacheDir(env), 'sh', h.digest('hex'));
}

/** Rewritten by every `auth login` and `auth logout`: the one thing the shell sees of the keychain. */
export function credentialStampPath(env: NodeJS.ProcessEnv): string {
  return join(configDir(env), 'credentials-changed');
}

/**
 * The configuration directory, made (0700) once every directory on the way to it is trusted;
 * exit 3 naming the one that is not (`auth login` asks before it stores anything).
 */
export function prepareConfigDir(env: NodeJS.ProcessEnv): void {
  const dir = dirname(credentialStampPath(env));
  const d = makeTrustedDir(dir, 0o700);
  if (d)
    throw untrustedDirError(
      'the configuration directory',
      dir,
      d,
      'set XDG_CONFIG_HOME to a directory of your own',
    );
}

/** A file as `stat -L` prints `%i:%s:%.9Z`; `none` when there is none, undefined when unknown. */
function identity(path: string): string | undefined {
  try {
    const st = statSync(path, { bigint: true });
    const ns = (st.ctimeNs % 1_000_000_000n).toString().padStart(9, '0');
    return `${st.ino}:${st.size}:${st.ctimeNs / 1_000_000_000n}.${ns}`;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'none' : undefined;
  }
}

/**
 * `<config.json>/<credential stamp>`, each as identity() prints it; undefined when either cannot
 * be told (then no shell file is written). A hand edit, a `mv` over it or a `touch` changes a
 * ctime, which no one can set back.
 */
export function configStamp(env: NodeJS.ProcessEnv): string | undefined {
  const config = identity(join(configDir(env), 'config.json'));
  const credential = identity(credentialStampPath(env));
  return config === undefined || credential === undefined ? undefined : `${config}/${credential}`;
}

/** The identity of the shell cache directory now: a forgetCompletions() since then changes it. */
export function shellCacheGeneration(env: NodeJS.ProcessEnv): bigint | undefined {
  const dir = join(completionCacheDir(env), 'sh');
  try {
    if (makeTrustedDir(dir, 0o700)) return undefined;
    return statSync(dir, { bigint: true }).ino;
  } catch {
    return undefined;
  }
}

export interface ShellEntry {
  path: string;
  /** When the names were fetched (epoch ms). */
  at: number;
  /** configStamp() before the settings were read; written only if it still holds after. */
  stamp: string;
  /** shellCacheGeneration() before the key was resolved. */
  generation: bigint;
  /** Names that follow their kind's rule: none holds a line break or a control character. */
  values: readonly string[];
}

/**
 * Write the shell's file, unless what the names were resolved against moved meanwhile: config.json
 * (another stamp) or a login/logout (another directory). `trusted(path)`: the caller's rule for the
 * directories that hold `path`.
 */
export function writeShellCache(
  env: NodeJS.ProcessEnv,
  e: ShellEntry,
  trusted: (dir: string) => boolean,
): void {
  try {
    if (configStamp(env) !== e.stamp || shellCacheGeneration(env) !== e.generation) return;
    if (!trusted(e.path)) return;
    const header = `${CACHE_MAGIC} ${Math.floor(e.at / 1000)} ${e.stamp}`;
    const text = [header, ...e.values, ''].join('\n');
    // Above the bound the scripts would refuse it anyway: none, and not an older one either.
    if (e.values.length > CACHE_MAX_NAMES || Buffer.byteLength(text) > CACHE_MAX_BYTES) {
      rmSync(e.path, { force: true });
      return;
    }
    writeFileAtomic(e.path, text);
    // A logout between the check and the rename: the file landed in a directory that is no longer
    // the one checked, or in the one that replaced it. Either way it must not stay.
    if (shellCacheGeneration(env) !== e.generation) unlinkSync(e.path);
  } catch {}
}

/**
 * Forget every cached name: after `auth login` or `auth logout` the key a context resolves to may
 * differ while everything the shell hashes stays the same. Called after the key was stored or
 * removed. Rewrites the credential stamp (every cache directory's files go stale) and removes this
 * cache directory. Returns what failed, one warning each, for the caller to print: a stamp not
 * rewritten lets the shell's files offer the old key's names until their TTL runs out.
 */
export function forgetCompletions(env: NodeJS.ProcessEnv): string[] {
  const warnings: string[] = [];
  const stale = "TAB may offer the previous key's names for up to a minute";
  try {
    const d = makeTrustedDir(dirname(credentialStampPath(env)), 0o700);
    if (d) {
      warnings.push(
        `did not mark the completion caches stale: the directory ${shownDistrustDir(d)} is not safe: ${d.why}; ${stale}`,
      );
    } else writeFileAtomic(credentialStampPath(env), `${new Date().toISOString()}\n`);
  } catch (e) {
    warnings.push(`did not mark the completion caches stale: ${describeWriteError(e)}; ${stale}`);
  }
  try {
    rmSync(completionCacheDir(env), { recursive: true, force: true });
  } catch {
    warnings.push(
      `could not clear the completion cache ${shownPathBare(completionCacheDir(env))}: remove it by hand`,
    );
  }
  return warnings;
}

/**
 * After the server refused a key (401): remove this cache directory, the shell's files with it, so
 * TAB stops offering the names that key could once read now, not when their TTL runs out. Every
 * entry goes, not only that key's: an entry is named by a digest of its question, which cannot be
 * listed back, and the next TAB simply asks the server again.
 */
export function dropCompletions(env: NodeJS.ProcessEnv): void {
  try {
    rmSync(completionCacheDir(env), { recursive: true, force: true });
  } catch {}
}
