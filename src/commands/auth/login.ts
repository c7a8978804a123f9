import type { Context } from '../../lib/context.js';
import { note, success, warn } from '../../lib/display/messages.js';
import { CliError, maskKey, usageError } from '../../lib/errors.js';
import { checkKey } from './me.js';

export interface LoginOptions {
  withToken?: boolean;
  insecureStorage?: boolean;
}

/** Far more than any API key; reading stops there, so `< /dev/zero` is refused, not read forever. */
const KEY_INPUT_MAX_BYTES = 4096;

async function readKey(opts: LoginOptions, ctx: Context): Promise<string> {
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
  if (!ctx.io.canPrompt()) {
    throw new CliError('input_needed', 'an API key is needed but prompting is impossible here', {
      hint: 'pass it on standard input with --with-token, or set FIBONACCI_API_KEY',
    });
  }
  return (await ctx.io.promptSecret('Paste your Fibonacci API key:')).trim();
}

/** `auth login`: check the key with the API, then store it. Nothing is stored on any failure. */
export async function runLogin(opts: LoginOptions, ctx: Context): Promise<void> {
  const key = await readKey(opts, ctx);
  if (!key.startsWith('fib_')) {
    throw usageError(
      'that is not a Fibonacci API key: keys start with "fib_"',
      'copy the whole key, e.g. fib_live_…',
    );
  }
  const { origin } = ctx.settings;
  const { client, identity } = await checkKey(
    ctx,
    { key, origin },
    (baseUrl) => `the API at ${baseUrl} rejected this key`,
    'check that the key is current and not revoked (`fibonacci auth list-keys`)',
  );
  const store = opts.insecureStorage ? ctx.insecureFile() : ctx.keychain();
  const where = store.describe(origin);
  // Only this origin's entry is read and written: a key stored for another origin stays as it is.
  const previous = await store.get(origin);
  await store.set(origin, key);
  if (opts.insecureStorage) {
    warn(ctx.io, `the key is stored in plain text in ${where.replace(/^the plain-text file /, '')}`);
  }
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
