import { dirname } from 'node:path';
import {
  credentialStampPath,
  forgetCompletions,
  prepareConfigDir,
} from '../../lib/completion/shell-cache.js';
import type { Context } from '../../lib/context.js';
import { note, success, warn } from '../../lib/display/messages.js';
import { CliError, maskKey, usageError } from '../../lib/errors.js';
import { truthy } from '../../lib/io.js';
import { underLoginLock } from '../../lib/login-lock.js';
import { DEFAULT_ORIGIN } from '../../lib/origin.js';
import { unsendableKeyReason } from '../../lib/validate.js';
import { checkKey } from './me.js';

export interface LoginOptions {
  withToken?: boolean;
  insecureStorage?: boolean;
}

/** Far more than any API key; reading stops there, so `< /dev/zero` is refused, not read forever. */
const KEY_INPUT_MAX_BYTES = 4096;

async function readKey(opts: LoginOptions, ctx: Context): Promise<string> {
  if (opts.withToken && ctx.io.stdinIsTTY) {
    // stdin is the terminal: reading it as a stream would echo the key as it is pasted, with no
    // word of what is awaited. The masked prompt reads it instead (Ctrl-C: `error: interrupted`).
    if (!ctx.io.canPrompt()) throw keyNeeded(ctx.io.noPromptReason());
    return (
      await ctx.io.promptSecret('Paste the key, then press Enter:', { otherWay: KEY_OTHER_WAY })
    ).trim();
  }
  if (opts.withToken) {
    const key = (await ctx.io.readStdin(KEY_INPUT_MAX_BYTES, 'the key on standard input'))
      .toString('utf8')
      .trim();
    if (key === '')
      throw usageError(
        'no key on standard input',
        'pipe the key in: `fibonacci auth login --with-token < key.txt`',
      );
    return key;
  }
  if (!ctx.io.canPrompt()) throw keyNeeded(ctx.io.noPromptReason());
  return (await ctx.io.promptSecret('Paste your Fibonacci API key:', { otherWay: KEY_OTHER_WAY })).trim();
}

/** A key is one line: a paste of several is refused with this hint (masked-prompt.ts). */
const KEY_OTHER_WAY =
  'paste the key alone, or give it on standard input: fibonacci auth login --with-token < FILE';

function keyNeeded(why: string): CliError {
  return new CliError('input_needed', `an API key is needed but ${why}`, {
    hint: 'pass it on standard input with --with-token, or set FIBONACCI_API_KEY',
  });
}

/**
 * After a login stored the key where the user chose, remove what the other store holds for the same
 * origin, so exactly one key is stored for it. The keychain wins over the plain-text
 * file on every later command: a keychain key left behind by `--insecure-storage` would silently be
 * used instead of the key just stored. gh does the same (a login clears the host's other token, the
 * keyring's or the config file's); a key left in plain text after a keychain login is only a leak.
 */
async function removeShadow(opts: LoginOptions, ctx: Context, origin: string): Promise<void> {
  const other = opts.insecureStorage ? ctx.keychain() : ctx.insecureFile();
  const where = other.describe(origin);
  let previous: string | null;
  try {
    previous = await other.get(origin);
    if (previous !== null) await other.delete(origin);
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    // The key is stored: the login stands. A keychain out of reach is the usual reason to choose
    // the file, and while it stays so the file is what is used: nothing to say but in --debug.
    if (opts.insecureStorage) {
      ctx.debug(`could not check the system keychain for a key for ${origin}: ${e.message}`);
      return;
    }
    warn(ctx.io, `could not check the plain-text key file for ${origin} (${e.message})`);
    return;
  }
  if (previous === null) return;
  const why = opts.insecureStorage
    ? 'it would have been used instead of the plain-text file'
    : 'the key now lives in the system keychain';
  const sdk =
    opts.insecureStorage && origin === DEFAULT_ORIGIN
      ? '; the Python SDK, which reads that entry, no longer finds a key there'
      : '';
  note(ctx.io, `note: removed the key stored for ${origin} (${maskKey(previous)}) in ${where}: ${why}${sdk}`);
}

/**
 * `auth login`: check the key with the API, then store it. Nothing is stored on any failure. The
 * store is tried before the key is asked for: a keychain that cannot take it fails the login at once,
 * not after the user pasted the key.
 */
export async function runLogin(opts: LoginOptions, ctx: Context): Promise<void> {
  const { origin } = ctx.settings;
  const store = opts.insecureStorage ? ctx.insecureFile() : ctx.keychain();
  await store.ready?.().catch((e: unknown) => {
    if (!(e instanceof CliError)) throw e;
    // FIBONACCI_API_KEY already set: commands use it without a login. Told to "set
    // FIBONACCI_API_KEY", a newcomer who had was left to wonder (newcomer pass 12).
    if (ctx.env.FIBONACCI_API_KEY)
      throw new CliError(e.kind, e.message, {
        hint: 'FIBONACCI_API_KEY is set, and commands already use it without a login; to store a key anyway, run `fibonacci auth login --insecure-storage`',
      });
    // A CI job has no keychain and needs no login: its key is FIBONACCI_API_KEY.
    if (!truthy(ctx.env.CI)) throw e;
    throw new CliError(e.kind, e.message, {
      hint: "in CI, set FIBONACCI_API_KEY to an API key from your CI's secret store instead of logging in; or run `fibonacci auth login --insecure-storage`",
    });
  });
  // Login writes there whatever the store (the credential stamp): refused before anything is stored.
  prepareConfigDir(ctx.env);
  // Read before the key is asked for: a keychain that cannot be read fails before the paste.
  // Read again under the lock below, as what this login replaces.
  await store.get(origin);
  const key = await readKey(opts, ctx);
  const why = unsendableKeyReason(key);
  if (why !== undefined) {
    throw usageError(`that is not a Fibonacci API key: ${why}`, 'copy the whole key, e.g. fib_live_…');
  }
  const { client, identity } = await checkKey(
    ctx,
    { key, origin },
    (baseUrl) => `the API at ${baseUrl} rejected this key`,
    'check that the key is current and not revoked: ask whoever issued it (an admin sees it in `fibonacci auth list-keys`); for the local emulator, use the owner-key file in its data dir or `fibonacci emulator add-user`',
  );
  const where = store.describe(origin);
  // Only this origin's entry is read and written: a key stored for another origin stays as it is.
  // Read, written and announced to the completion caches one login at a time (login-lock.ts).
  const previous = await underLoginLock(
    dirname(credentialStampPath(ctx.env)),
    (l) => warn(ctx.io, l),
    async () => {
      const before = await store.get(origin);
      await store.set(origin, key);
      // The completion scripts find cached names by what the shell sees, which a new key leaves as is.
      for (const w of forgetCompletions(ctx.env)) warn(ctx.io, w);
      return before;
    },
  );
  if (opts.insecureStorage) {
    warn(ctx.io, `the key is stored in plain text in ${where.replace(/^the plain-text file /, '')}`);
  }
  await removeShadow(opts, ctx, origin);
  if (previous !== null) {
    note(
      ctx.io,
      previous === key
        ? `note: this key was already stored for ${origin} in ${where}`
        : `note: replaced the key stored for ${origin} (${maskKey(previous)}) in ${where}`,
    );
  }
  success(
    ctx.io,
    `Logged in to ${client.baseUrl} as ${identity.user_id} (${identity.organization_id}, ${identity.role}); key stored in ${where}`,
  );
  if (ctx.env.FIBONACCI_API_KEY) {
    warn(
      ctx.io,
      'FIBONACCI_API_KEY is set and takes precedence over the stored key; unset it to use the stored one',
    );
  }
}
