import { forgetCompletions } from '../../lib/completion/shell-cache.js';
import type { Context } from '../../lib/context.js';
import { note, success, warn } from '../../lib/display/messages.js';
import { CliError } from '../../lib/errors.js';
import { KeychainUnavailableError } from '../../lib/keychain-errors.js';

/**
 * `auth logout`: remove the key stored for the current API origin, from the keychain and the
 * plain-text file; keys of other origins stay. Idempotent: nothing stored is exit 0 with a note.
 */
export async function runLogout(_opts: Record<string, never>, ctx: Context): Promise<void> {
  const { origin } = ctx.settings;
  let removed = false;
  let keychainError: CliError | undefined;
  try {
    removed = await ctx.keychain().delete(origin);
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    keychainError = e;
  }
  if (await ctx.insecureFile().delete(origin)) removed = true;
  // The completion scripts find cached names by what the shell sees, which a new key leaves as is.
  for (const w of forgetCompletions(ctx.env)) warn(ctx.io, w);
  // With no Secret Service at all the keychain holds no key: nothing stored is exit 0, as always.
  const absent = keychainError instanceof KeychainUnavailableError && keychainError.reason === 'absent';
  // Nothing removed and the keychain unreachable (locked, no answer): a key may still be stored.
  if (keychainError && !removed && !absent) throw keychainError;
  if (keychainError && !absent) warn(ctx.io, `could not check the system keychain: ${keychainError.message}`);
  if (removed) success(ctx.io, `Logged out of ${origin}: the stored key was removed`);
  // Keys kept in plain text (no keychain by choice): the missing Secret Service is no news.
  else if (absent && !ctx.insecureFile().inUse?.()) {
    note(ctx.io, `note: no key was stored for ${origin} (no Secret Service is running); nothing to remove`);
  } else note(ctx.io, `note: no key was stored for ${origin}; nothing to remove`);
  if (ctx.env.FIBONACCI_API_KEY) warn(ctx.io, 'FIBONACCI_API_KEY is still set and will be used');
}
