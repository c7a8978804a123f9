/**
 * The plain-text key files that only `auth login --insecure-storage` writes: one file per API
 * origin under `<config dir>/insecure-api-keys/`, each holding `{"origin", "key"}` (mode 0600,
 * written atomically). A file is believed only when it is a regular file of this user that nobody
 * else may read or write, in a directory nobody else may write, and names the origin asked for:
 * another local user who could plant a key here would get this user's secrets sent to their org.
 */
import { constants, lstatSync, mkdirSync, readdirSync, rmSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { readCheckedFileSync, sizeLabel } from './bounded-read.js';
import { CliError } from './errors.js';
import {
  makeTrustedDir,
  type TrustRule,
  untrusted,
  untrustedAncestor,
  untrustedDirError,
  WRITE_DIR,
} from './file-trust.js';
import { describeFsError, writeFileAtomic } from './files.js';
import type { KeyStore } from './keychain.js';
import { DEFAULT_ORIGIN } from './origin.js';
import { shownPathBare } from './shown-value.js';
import { describeWriteError } from './write-errors.js';

/** Before keys were bound to origins, one file held "the" key; it is now the default origin's. */
const LEGACY_FILE = 'insecure-api-key';
const DIR = 'insecure-api-keys';
/** Nobody else may read a key or write where it lives; root-owned files are not ours either. */
const KEY_FILE: TrustRule = { othersMayRead: false, systemOwned: false };
/** One origin and one key as JSON: a few hundred bytes. A file larger than this is not ours. */
const KEY_FILE_MAX_BYTES = 64 * 1024;
/** A write that failed for want of room, not of permission. */
const FULL = new Set(['ENOSPC', 'EDQUOT']);

/** Where to put the key store instead when a directory above it is not safe. */
const ELSEWHERE = 'set XDG_CONFIG_HOME to a directory of your own';

const LOGIN_AGAIN = 'then run `fibonacci auth login --insecure-storage` again';

/**
 * A key file's path in a message: its directory (from XDG_DATA_HOME, the user's) by the rule for
 * typed paths, its name (the origin's hash, ours and public) whole.
 */
function shownKeyFile(path: string): string {
  return join(shownPathBare(dirname(path)), basename(path));
}

function refuse(path: string, why: string): CliError {
  return new CliError('config', `refusing the plain-text key file ${shownKeyFile(path)}: ${why}`, {
    hint: `remove it, ${LOGIN_AGAIN} (or \`chmod 600\` it if it is yours)`,
  });
}

/** The directory of the key files refused: a mode is fixed with `chmod 700`, not a file's 600. */
function refuseDir(dir: string, why: string): CliError {
  const fix = why.startsWith('its mode')
    ? `\`chmod 700 ${shownPathBare(dir)}\` if it is yours; otherwise remove it, ${LOGIN_AGAIN}`
    : `remove it, ${LOGIN_AGAIN}`;
  return new CliError(
    'config',
    `refusing the directory of the plain-text key files ${shownPathBare(dir)}: ${why}`,
    {
      hint: fix,
    },
  );
}

/** Who may change or read `st` besides its owner, or a reason it is not ours; undefined when safe. */
function unsafe(st: Stats, kind: 'file' | 'directory'): string | undefined {
  return untrusted(st, kind, KEY_FILE);
}

/**
 * The text of `path`, or null when it does not exist; never follows a symbolic link, never waits on
 * a FIFO planted there (O_NONBLOCK: it is refused as not a regular file), never reads more than
 * KEY_FILE_MAX_BYTES.
 */
function readPrivate(path: string): string | null {
  const bytes = readCheckedFileSync(path, {
    limit: KEY_FILE_MAX_BYTES,
    what: shownKeyFile(path),
    flags: constants.O_NOFOLLOW ?? 0,
    check: (st) => {
      const why = unsafe(st, 'file');
      if (why) throw refuse(path, why);
    },
    openFailed: (e) => {
      if (e.code === 'ENOENT') return null;
      if (e.code === 'ELOOP') throw refuse(path, 'it is a symbolic link');
      throw new CliError('config', `cannot read ${shownKeyFile(path)}: ${describeFsError(e)}`);
    },
    tooLarge: () => {
      throw refuse(path, `it is larger than ${sizeLabel(KEY_FILE_MAX_BYTES)}`);
    },
  });
  return bytes === null ? null : bytes.toString('utf8');
}

/** The key files, one per origin. */
export class InsecureFileStore implements KeyStore {
  readonly dir: string;
  constructor(private readonly configDir: string) {
    this.dir = join(configDir, DIR);
  }

  /** The file that holds the key of `origin`; a hash, since a host name may be longer than a file name. */
  pathFor(origin: string): string {
    // node:crypto on first use: --help and the other commands that hold no key do not load it.
    const { createHash } = process.getBuiltinModule('node:crypto');
    const id = createHash('sha256').update(origin).digest('hex').slice(0, 32);
    return join(this.dir, `${id}.json`);
  }

  describe(origin: string): string {
    return `the plain-text file ${this.pathFor(origin)}`;
  }

  private checkDir(): boolean {
    let st: Stats;
    try {
      st = lstatSync(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
    const why = st.isSymbolicLink() ? 'it is a symbolic link' : unsafe(st, 'directory');
    if (why) throw refuseDir(this.dir, why);
    // Every directory above it too: one another user may write lets them swap this one.
    const above = untrustedAncestor(this.configDir, WRITE_DIR);
    if (above) throw untrustedDirError('the plain-text key store', this.configDir, above, ELSEWHERE);
    return true;
  }

  inUse(): boolean {
    if (!this.checkDir()) return false;
    try {
      return readdirSync(this.dir).some((name) => name.endsWith('.json'));
    } catch {
      return false;
    }
  }

  async get(origin: string): Promise<string | null> {
    const text = this.checkDir() ? readPrivate(this.pathFor(origin)) : null;
    if (text === null) {
      if (origin !== DEFAULT_ORIGIN) return null;
      const legacy = readPrivate(join(this.configDir, LEGACY_FILE))?.trim();
      return legacy ? legacy : null;
    }
    const path = this.pathFor(origin);
    let parsed: { origin?: unknown; key?: unknown };
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      throw refuse(path, 'it is not the JSON this CLI writes');
    }
    // The name is a hash of the origin; the content must say the same origin, or it was moved here.
    if (parsed?.origin !== origin) throw refuse(path, 'it holds the key of another origin');
    return typeof parsed.key === 'string' && parsed.key !== '' ? parsed.key : null;
  }

  /**
   * Write the key of `origin` whole, or not at all: the temp file is renamed over the old one only
   * once written and synced, so on a full disk the previous key file is kept as it was.
   */
  async set(origin: string, key: string): Promise<void> {
    const path = this.pathFor(origin);
    try {
      const above = makeTrustedDir(this.configDir, 0o700);
      if (above) throw untrustedDirError('the plain-text key store', this.configDir, above, ELSEWHERE);
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      this.checkDir();
      writeFileAtomic(path, `${JSON.stringify({ origin, key })}\n`, { mode: 0o600, sync: true });
    } catch (e) {
      if (e instanceof CliError || typeof (e as NodeJS.ErrnoException)?.code !== 'string') throw e;
      throw new CliError(
        'config',
        `cannot write the plain-text key file ${shownKeyFile(path)}: ${describeWriteError(e)}; the key was not stored`,
        {
          hint: `${FULL.has((e as NodeJS.ErrnoException).code ?? '') ? 'free some space on that disk' : `make ${shownPathBare(this.dir)} writable`}, then run \`fibonacci auth login --insecure-storage\` again`,
        },
      );
    }
    // The default origin's key now lives in its own file: the old one must not outlive a logout.
    if (origin === DEFAULT_ORIGIN) rmSync(join(this.configDir, LEGACY_FILE), { force: true });
  }

  async delete(origin: string): Promise<boolean> {
    let removed = false;
    const paths = [
      this.pathFor(origin),
      ...(origin === DEFAULT_ORIGIN ? [join(this.configDir, LEGACY_FILE)] : []),
    ];
    for (const path of paths) {
      try {
        lstatSync(path);
      } catch {
        continue;
      }
      rmSync(path, { force: true });
      removed = true;
    }
    return removed;
  }
}
