import { CliError } from './errors.js';
import { truthy } from './io.js';
import { KeychainUnavailableError, type KeyStore } from './keychain.js';
import { ANY_ORIGIN, type BoundKey, DEFAULT_ORIGIN } from './origin.js';
import { shellQuote } from './quote.js';
import { unsendableKeyReason } from './validate.js';

export type CredentialSource = 'environment' | 'keychain' | 'file';

/** The key in use, the origin it belongs to (ANY_ORIGIN for FIBONACCI_API_KEY) and where it came from. */
export interface Credential extends BoundKey {
  source: CredentialSource;
  /** Human description of the source, for `auth status` and errors. */
  sourceLabel: string;
}

export interface CredentialDeps {
  env: NodeJS.ProcessEnv;
  keychain: () => KeyStore;
  insecureFile: () => KeyStore;
  warn: (line: string) => void;
}

/** Where a stored key sits, for `auth status`: "system keychain (key for https://…)". */
export function originLabel(cred: Credential): string {
  return cred.origin === ANY_ORIGIN ? 'any origin' : `key for ${cred.origin}`;
}

/** The connection settings a command ran with, so a printed `auth login` reaches the same server. */
export interface LoginTarget {
  baseUrl: string;
  origin: string;
  caCertPath?: string | undefined;
  clientCertPath?: string | undefined;
  clientKeyPath?: string | undefined;
  /**
   * Where each came from (Settings.sources): only those given as flags are repeated; one from
   * FIBONACCI_BASE_URL or config.json reaches `auth login` in the same shell by itself. Absent: all.
   */
  sources?: { apiUrl: string; caCert: string; clientCert: string; clientKey: string } | undefined;
}

/**
 * The exact `auth login` that stores a key for `target`'s origin, with the connection flags the
 * command was given (not those the environment or config.json already supplies: telling a user to
 * pass --api-url while FIBONACCI_BASE_URL is exported reads as "it is not set");
 * `--insecure-storage` for a key that lives in the plain-text file, where without it the login
 * would try the keychain (which, on a host that keeps its key in that file, is usually not there).
 */
export function loginCommand(target: LoginTarget, source?: CredentialSource): string {
  const flag = (from: keyof NonNullable<LoginTarget['sources']>): boolean =>
    target.sources === undefined || target.sources[from].startsWith('--');
  const words = ['fibonacci', 'auth', 'login'];
  if (source === 'file') words.push('--insecure-storage');
  if (target.origin !== DEFAULT_ORIGIN && flag('apiUrl')) words.push('--api-url', target.baseUrl);
  if (target.caCertPath && flag('caCert')) words.push('--ca-cert', target.caCertPath);
  if (target.clientCertPath && target.clientKeyPath && flag('clientCert')) {
    words.push('--client-cert', target.clientCertPath, '--client-key', target.clientKeyPath);
  }
  return words.map(shellQuote).join(' ');
}

/**
 * The "not logged in" error for `target`. A key stored before keys were bound to origins sits in the
 * default origin's entry; the hint names the command that stores one for this origin.
 */
export function notLoggedIn(target: LoginTarget, env: NodeJS.ProcessEnv = {}): CliError {
  if (truthy(env.CI)) return noKeyInCi(target.origin);
  const perOrigin =
    target.origin === DEFAULT_ORIGIN ? '' : ' (stored keys are used only for their own origin)';
  return new CliError('auth', `not logged in for ${target.origin}`, {
    hint: `run \`${loginCommand(target)}\`${perOrigin}, or set FIBONACCI_API_KEY`,
  });
}

/**
 * No key in CI (CI set, FIBONACCI_API_KEY not): a CI job gets its key from the variable, not from a
 * login, so that is what the error says, whatever the keychain's state (usually: no Secret Service).
 */
export function noKeyInCi(origin: string): CliError {
  return new CliError('auth', `FIBONACCI_API_KEY is not set, and no key is stored for ${origin} here`, {
    hint: "in CI, set FIBONACCI_API_KEY to an API key from your CI's secret store (no login is needed)",
  });
}

/**
 * What to do about a key the server refused (401) or the CLI will not send, by where it came from:
 * while FIBONACCI_API_KEY is set a login changes nothing (the variable wins), so only the variable
 * is named; a stored key is replaced by logging in again, for the same server.
 */
export function refusedKeyHint(source: CredentialSource, target: LoginTarget): string {
  if (source === 'environment')
    return 'the key in use comes from FIBONACCI_API_KEY: set the variable to a current key, or unset it';
  return `run \`${loginCommand(target, source)}\` with a current key`;
}

/**
 * THE check of a key in use, for every reader of a stored or given key (`auth token`, `auth status`,
 * any request): one that is not a Fibonacci API key (no `fib_`, or a space, line break or control
 * character: a paste that took the next line, or a planted entry) is refused, exit 4, before it is
 * printed or sent. The error never repeats the key.
 */
export function refuseUnsendableKey(key: string, hint: string): void {
  const why = unsendableKeyReason(key);
  if (why === undefined) return;
  throw new CliError('auth', `the API key in use is not a Fibonacci API key: ${why}`, { hint });
}

/**
 * Resolve the key for `origin`, first found wins: FIBONACCI_API_KEY > OS keychain > the
 * insecure file. Stores are asked for `origin`'s entry only, so a key stored for another origin is
 * never even read. When FIBONACCI_API_KEY is set the keychain is not touched at all. Returns null
 * when nothing is stored for `origin`.
 */
export async function resolveCredential(deps: CredentialDeps, origin: string): Promise<Credential | null> {
  const fromEnv = deps.env.FIBONACCI_API_KEY;
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    return {
      key: fromEnv.trim(),
      origin: ANY_ORIGIN,
      source: 'environment',
      sourceLabel: 'FIBONACCI_API_KEY',
    };
  }
  let keychainError: CliError | undefined;
  try {
    const key = await deps.keychain().get(origin);
    if (key) return { key, origin, source: 'keychain', sourceLabel: 'system keychain' };
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    keychainError = e;
  }
  const file = deps.insecureFile();
  const key = await file.get(origin);
  if (key) {
    const where = file.describe(origin);
    deps.warn(`warning: using the key stored in plain text in ${where.replace(/^the plain-text file /, '')}`);
    return { key, origin, source: 'file', sourceLabel: where };
  }
  // No Secret Service at all, and keys kept in plain text (the user chose --insecure-storage): none
  // for this origin is "not logged in" (null), not advice to start a keychain they do without.
  const absent = keychainError instanceof KeychainUnavailableError && keychainError.reason === 'absent';
  if (absent && file.inUse?.()) return null;
  // A broken keychain with nothing else to fall back on: say so, with the remedies; in CI, the one.
  if (keychainError) throw truthy(deps.env.CI) ? noKeyInCi(origin) : keychainError;
  return null;
}
