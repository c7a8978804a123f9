import Database, { type Statement } from 'better-sqlite3';
import { isoTime } from './ids.js';
import { migrate } from './migrations.js';

/** The emulator's storage: one SQLite database per data dir, shared by the server and `add-user`. */
export interface Store {
  readonly db: Database.Database;
  readonly path: string;
  /** The emulator's clock; every stored timestamp comes from it. */
  now(): Date;
  /** `now()` as RFC 3339 UTC with `Z`. */
  nowIso(): string;
  /** `db.prepare(sql)`, prepared once per SQL text and kept: for the queries requests run again and again. */
  prepare(sql: string): Statement;
  /** Run `fn` in an IMMEDIATE transaction (takes the write lock at once, so no upgrade deadlocks). */
  transaction<T>(fn: () => T): T;
  /** Checkpoint the WAL into the main file and close. Safe to call twice. */
  close(): void;
}

export interface StoreOptions {
  now?: () => Date;
  /** How long to wait for another process's write lock before failing, in ms. */
  busyTimeoutMs?: number;
  /** Open an existing database only; fail if the file is missing. */
  mustExist?: boolean;
}

/** Open (creating if needed) and migrate the database at `path`. */
export function openStore(path: string, options: StoreOptions = {}): Store {
  const db = new Database(path, { fileMustExist: options.mustExist === true });
  try {
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    db.pragma('journal_mode = WAL');
    // In WAL mode, synchronous=NORMAL makes a commit durable once it is written to the WAL file: a
    // crash or SIGKILL of this process loses nothing acknowledged (the OS still holds the data).
    // Only an OS crash or power loss may roll back the last commits, which an emulator can accept,
    // and it spares an fsync per write. FULL would be needed to survive power loss too.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db);
  } catch (e) {
    db.close();
    throw e;
  }
  const now = options.now ?? (() => new Date());
  let closed = false;
  const statements = new Map<string, Statement>();
  return {
    db,
    path,
    now,
    nowIso: () => isoTime(now()),
    prepare(sql) {
      let stmt = statements.get(sql);
      if (!stmt) {
        stmt = db.prepare(sql);
        statements.set(sql, stmt);
      }
      return stmt;
    },
    transaction: <T>(fn: () => T): T => db.transaction(fn).immediate(),
    close() {
      if (closed) return;
      closed = true;
      try {
        // Fold the WAL back into the main file so the data dir is one self-contained file at rest.
        db.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        db.close();
      }
    },
  };
}

/** Parse a JSON column, falling back when the stored text is missing or not JSON. */
export function parseJsonColumn<T>(text: unknown, fallback: T): T {
  if (typeof text !== 'string' || text === '') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
