import { CliError } from './errors.js';
import { KeychainUnavailableError, type KeychainUse } from './keychain-errors.js';
import { DEFAULT_ORIGIN } from './origin.js';
import type { SecretServiceClient } from './secret-service.js';

/** The OS keychain service: the same as the Python SDK's. */
export const KEYCHAIN_SERVICE = 'fibonacci-sdk';
/** The account of the default origin's key: the Python SDK's entry. */
export const KEYCHAIN_ACCOUNT = 'api_key';

/**
 * The keychain account that holds the key of `origin` (canonical, from lib/origin.ts): the SDK's
 * `api_key` for the default origin, `api_key@<origin>` for any other, so no two origins share one.
 */
export function keychainAccount(origin: string): string {
  return origin === DEFAULT_ORIGIN ? KEYCHAIN_ACCOUNT : `${KEYCHAIN_ACCOUNT}@${origin}`;
}

/** Reads are bounded so a locked or missing Secret Service never hangs a command. */
export const KEYCHAIN_READ_TIMEOUT_MS = 3000;
/** A write during login may wait longer, e.g. for an unlock prompt. */
export const KEYCHAIN_WRITE_TIMEOUT_MS = 30000;

/**
 * get/set/delete of stored keys, one per API origin, whatever holds them. Every call names the
 * canonical origin, so no caller can read "the" key without saying which host it is for.
 */
export interface KeyStore {
  /** Where the key of `origin` lives, for messages: "the system keychain", "the plain-text file …". */
  describe(origin: string): string;
  get(origin: string): Promise<string | null>;
  set(origin: string, key: string): Promise<void>;
  /** Resolves true when something was removed. */
  delete(origin: string): Promise<boolean>;
  /**
   * Throws when a key could not be stored now (no Secret Service, no default keyring), so that
   * `auth login` says so before asking for the key rather than after. Cheap, with a short timeout.
   */
  ready?(): Promise<void>;
  /** Whether this store holds a key for any origin (the plain-text file: the user chose it). */
  inUse?(): boolean;
}

export { KEYCHAIN_REMEDY, KeychainUnavailableError } from './keychain-errors.js';

async function withTimeout<T>(
  ms: number,
  what: string,
  use: KeychainUse,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(
        new KeychainUnavailableError(`${what} took longer than ${Math.round(ms / 1000)}s`, 'timeout', use),
      );
    }, ms);
    timer.unref();
  });
  try {
    return await Promise.race([fn(controller.signal), timeout]);
  } catch (e) {
    if (e instanceof KeychainUnavailableError || !(e instanceof CliError)) throw rewordFor(e, use);
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

/** A keychain failure in the words of what it was wanted for (the module loader's says "keep"). */
function rewordFor(e: unknown, use: KeychainUse): KeychainUnavailableError {
  if (e instanceof KeychainUnavailableError) return new KeychainUnavailableError(e.detail, e.reason, use);
  return new KeychainUnavailableError(describeKeyringError(e), undefined, use);
}

function describeKeyringError(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const first = msg.split('\n')[0]?.trim() || 'unknown error';
  return first.length > 160 ? `${first.slice(0, 157)}...` : first;
}

/**
 * The OS keychain. On Linux every call is the Secret Service spoken over D-Bus by our own
 * asynchronous client (secret-service.ts), never @napi-rs/keyring: its entries connect to the bus
 * synchronously, on the main thread, so a bus or Secret Service that accepts and never answers hung
 * the process past every timer and signal (only SIGKILL ended it). Over that client the timeout
 * and Ctrl-C always win. It also writes the item the Python SDK writes, so neither program ever
 * adds a second item for the entry, reads the newest of the duplicates older versions left, and
 * deletes them all. Elsewhere (macOS, Windows) @napi-rs/keyring's AsyncEntry.
 */
export class SystemKeychain implements KeyStore {
  constructor(
    private readonly readTimeoutMs = KEYCHAIN_READ_TIMEOUT_MS,
    private readonly writeTimeoutMs = KEYCHAIN_WRITE_TIMEOUT_MS,
    private readonly env: NodeJS.ProcessEnv = {},
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  /** Run `fn` on a Secret Service connection (Linux); closed afterwards. */
  private async overDbus<T>(signal: AbortSignal, fn: (ss: SecretServiceClient) => Promise<T>): Promise<T> {
    const { SecretServiceClient } = await import('./secret-service.js');
    const ss = await SecretServiceClient.open(this.env.DBUS_SESSION_BUS_ADDRESS, signal);
    try {
      return await fn(ss);
    } finally {
      ss.close();
    }
  }

  describe(): string {
    return 'the system keychain';
  }

  private async entry(origin: string) {
    let mod: typeof import('@napi-rs/keyring');
    try {
      mod = await import('@napi-rs/keyring');
    } catch (e) {
      throw new KeychainUnavailableError(
        `the keyring module could not be loaded (${describeKeyringError(e)})`,
      );
    }
    // Pin the Secret Service: the default silently falls back to the kernel keyring, lost at reboot.
    return new mod.AsyncEntry(KEYCHAIN_SERVICE, keychainAccount(origin), {
      linux: { store: 'secret-service' },
    });
  }

  async ready(): Promise<void> {
    // Elsewhere a read (the login's own, of the previous key) is the check.
    if (this.platform !== 'linux') return;
    await withTimeout(this.readTimeoutMs, 'reaching the Secret Service', 'keep', (signal) =>
      this.overDbus(signal, (ss) => ss.checkDefaultKeyring()),
    );
  }

  async get(origin: string): Promise<string | null> {
    return withTimeout(this.readTimeoutMs, 'reading the key', 'read', async (signal) => {
      // The last write wins, whichever program made it.
      if (this.platform === 'linux')
        return (
          (await this.overDbus(signal, (ss) => ss.find(KEYCHAIN_SERVICE, keychainAccount(origin))))[0]?.key ??
          null
        );
      const entry = await this.entry(origin);
      return (await entry.getPassword(signal)) ?? null;
    });
  }

  async set(origin: string, key: string): Promise<void> {
    await withTimeout(this.writeTimeoutMs, 'storing the key', 'keep', async (signal) => {
      if (this.platform === 'linux') {
        await this.overDbus(signal, (ss) => ss.store(KEYCHAIN_SERVICE, keychainAccount(origin), key));
        return;
      }
      const entry = await this.entry(origin);
      await entry.setPassword(key, signal);
    });
  }

  async delete(origin: string): Promise<boolean> {
    return withTimeout(this.readTimeoutMs, 'removing the key', 'remove', async (signal) => {
      if (this.platform === 'linux')
        return (
          (await this.overDbus(signal, (ss) => ss.deleteAll(KEYCHAIN_SERVICE, keychainAccount(origin)))) > 0
        );
      const entry = await this.entry(origin);
      return await entry.deletePassword(signal);
    });
  }
}

/** In-memory store for unit tests: origin → key. */
export class MemoryKeyStore implements KeyStore {
  readonly keys: Map<string, string>;
  constructor(
    keys: Record<string, string> = {},
    private readonly failure?: CliError,
  ) {
    this.keys = new Map(Object.entries(keys));
  }
  describe(): string {
    return 'the test keychain';
  }
  async get(origin: string): Promise<string | null> {
    if (this.failure) throw this.failure;
    return this.keys.get(origin) ?? null;
  }
  async set(origin: string, key: string): Promise<void> {
    if (this.failure) throw this.failure;
    this.keys.set(origin, key);
  }
  async delete(origin: string): Promise<boolean> {
    if (this.failure) throw this.failure;
    return this.keys.delete(origin);
  }
}
