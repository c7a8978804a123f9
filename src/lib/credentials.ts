import { CliError } from './errors.js';
import type { KeyStore } from './keychain.js';

export type CredentialSource = 'environment' | 'keychain' | 'file';

/** The key in use and where it came from. */
export interface Credential {
  key: string;
  source: CredentialSource;
  /** Human description of the source, for `auth status`. */
  sourceLabel: string;
}

export interface CredentialDeps {
  env: NodeJS.ProcessEnv;
  keychain: () => KeyStore;
  insecureFile: () => KeyStore;
  warn: (line: string) => void;
}

export const NOT_LOGGED_IN_HINT = 'run `fibonacci auth login`, or set FIBONACCI_API_KEY';

/**
 * Resolve the key in the order of cli.md: FIBONACCI_API_KEY > OS keychain > the insecure file.
 * When FIBONACCI_API_KEY is set the keychain is not touched at all. Returns null when none is stored.
 */
export async function resolveCredential(deps: CredentialDeps): Promise<Credential | null> {
  const fromEnv = deps.env.FIBONACCI_API_KEY;
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    return { key: fromEnv.trim(), source: 'environment', sourceLabel: 'FIBONACCI_API_KEY' };
  }
  let keychainError: CliError | undefined;
  try {
    const key = await deps.keychain().get();
    if (key) return { key, source: 'keychain', sourceLabel: 'system keychain' };
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    keychainError = e;
  }
  const file = deps.insecureFile();
  const key = await file.get();
  if (key) {
    deps.warn(
      `warning: using the key stored in plain text in ${file.description.replace(/^the plain-text file /, '')}`,
    );
    return { key, source: 'file', sourceLabel: file.description };
  }
  // A broken keychain with nothing else to fall back on: say so, with the remedies.
  if (keychainError) throw keychainError;
  return null;
}
