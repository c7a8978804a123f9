import type { Context } from '../../lib/context.js';
import { success, warn } from '../../lib/display/messages.js';
import { CliError } from '../../lib/errors.js';

/** `auth logout`: remove the stored key from the keychain and the plain-text file. */
export async function runLogout(ctx: Context): Promise<void> {
  let removed = false;
  let keychainError: CliError | undefined;
  try {
    removed = await ctx.keychain().delete();
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    keychainError = e;
  }
  if (await ctx.insecureFile().delete()) removed = true;
  // Nothing removed and the keychain unreachable: we cannot tell whether a key is still stored.
  if (keychainError && !removed) throw keychainError;
  if (keychainError) warn(ctx.io, `could not check the system keychain: ${keychainError.message}`);
  if (!removed) {
    throw new CliError('auth', 'not logged in: no key is stored', {
      hint: ctx.env.FIBONACCI_API_KEY
        ? 'FIBONACCI_API_KEY is set: unset it to stop using that key'
        : undefined,
    });
  }
  success(ctx.io, 'Logged out: the stored key was removed');
  if (ctx.env.FIBONACCI_API_KEY) warn(ctx.io, 'FIBONACCI_API_KEY is still set and will be used');
}
