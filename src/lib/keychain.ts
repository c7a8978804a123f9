import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from './errors.js';
import { writeFileAtomic } from './files.js';

/** Where the key lives in the OS keychain: the same entry the Python SDK uses. */
export const KEYCHAIN_SERVICE = 'fibonacci-sdk';
export const KEYCHAIN_ACCOUNT = 'api_key';

/** Reads are bounded so a locked or missing Secret Service never hangs a command. */
export const KEYCHAIN_READ_TIMEOUT_MS = 3000;
/** A write during login may wait longer, e.g. for an unlock prompt. */
export const KEYCHAIN_WRITE_TIMEOUT_MS = 30000;

/** get/set/delete of the one stored key, whatever holds it. */
export interface KeyStore {
  /** Human name for messages: "the system keychain", "the insecure file …". */
  readonly description: string;
  get(): Promise<string | null>;
  set(key: string): Promise<void>;
  /** Resolves true when something was removed. */
  delete(): Promise<boolean>;
}

export const KEYCHAIN_REMEDY =
  'unlock the keychain (Secret Service), set FIBONACCI_API_KEY, or run `fibonacci auth login --insecure-storage`';

export class KeychainUnavailableError extends CliError {
  constructor(detail: string) {
    super('auth', `the system keychain is not available: ${detail}`, { hint: KEYCHAIN_REMEDY });
  }
}

async function withTimeout<T>(ms: number, what: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new KeychainUnavailableError(`${what} timed out after ${Math.round(ms / 1000)}s (locked?)`));
    }, ms);
    timer.unref();
  });
  try {
    return await Promise.race([fn(controller.signal), timeout]);
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new KeychainUnavailableError(describeKeyringError(e));
  } finally {
    clearTimeout(timer);
  }
}

function describeKeyringError(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const first = msg.split('\n')[0]?.trim() || 'unknown error';
  return first.length > 160 ? `${first.slice(0, 157)}...` : first;
}

/** The OS keychain through @napi-rs/keyring, pinned to the Secret Service on Linux. */
export class SystemKeychain implements KeyStore {
  readonly description = 'the system keychain';
  constructor(
    private readonly readTimeoutMs = KEYCHAIN_READ_TIMEOUT_MS,
    private readonly writeTimeoutMs = KEYCHAIN_WRITE_TIMEOUT_MS,
  ) {}

  private async entry() {
    let mod: typeof import('@napi-rs/keyring');
    try {
      mod = await import('@napi-rs/keyring');
    } catch (e) {
      throw new KeychainUnavailableError(
        `the keyring module could not be loaded (${describeKeyringError(e)})`,
      );
    }
    // Pin the Secret Service: the default silently falls back to the kernel keyring, lost at reboot.
    return new mod.AsyncEntry(KEYCHAIN_SERVICE, KEYCHAIN_ACCOUNT, { linux: { store: 'secret-service' } });
  }

  async get(): Promise<string | null> {
    return withTimeout(this.readTimeoutMs, 'reading the key', async (signal) => {
      const entry = await this.entry();
      return (await entry.getPassword(signal)) ?? null;
    });
  }

  async set(key: string): Promise<void> {
    await withTimeout(this.writeTimeoutMs, 'storing the key', async (signal) => {
      const entry = await this.entry();
      await entry.setPassword(key, signal);
    });
  }

  async delete(): Promise<boolean> {
    return withTimeout(this.readTimeoutMs, 'removing the key', async (signal) => {
      const entry = await this.entry();
      return entry.deletePassword(signal);
    });
  }
}

/** In-memory store for unit tests. */
export class MemoryKeyStore implements KeyStore {
  readonly description = 'the test keychain';
  constructor(
    public value: string | null = null,
    private readonly failure?: CliError,
  ) {}
  async get(): Promise<string | null> {
    if (this.failure) throw this.failure;
    return this.value;
  }
  async set(key: string): Promise<void> {
    if (this.failure) throw this.failure;
    this.value = key;
  }
  async delete(): Promise<boolean> {
    if (this.failure) throw this.failure;
    const had = this.value !== null;
    this.value = null;
    return had;
  }
}

/** The plain-text file that only `auth login --insecure-storage` writes (0600). */
export class InsecureFileStore implements KeyStore {
  readonly path: string;
  readonly description: string;
  constructor(configDir: string) {
    this.path = join(configDir, 'insecure-api-key');
    this.description = `the plain-text file ${this.path}`;
  }
  async get(): Promise<string | null> {
    try {
      const key = readFileSync(this.path, 'utf8').trim();
      return key === '' ? null : key;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new CliError('config', `cannot read ${this.path}: ${(e as Error).message}`);
    }
  }
  async set(key: string): Promise<void> {
    writeFileAtomic(this.path, `${key}\n`, { mode: 0o600, sync: true, dirMode: 0o700 });
  }
  async delete(): Promise<boolean> {
    try {
      readFileSync(this.path);
    } catch {
      return false;
    }
    rmSync(this.path, { force: true });
    return true;
  }
}
