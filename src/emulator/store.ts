import Database, { type Statement } from 'better-sqlite3';
import {
  type AuditEvent,
  type ChangeEventInput,
  insertEvents,
  type PreparedEvent,
  prepareEvent,
  type StandaloneEventInput,
} from './audit.js';
import { isDiskFull } from './errors.js';
import { secureDatabaseFile } from './files.js';
import { isoTime } from './ids.js';
import { migrate } from './migrations.js';
import { recheckPrincipal } from './recheck.js';
import type { Principal } from './types.js';

export { parseJsonColumn } from './json-column.js';

/** The emulator acting for itself (settling its journal, first start): a change no key asked for. */
export interface InternalAuthor {
  readonly internal: string;
}

/**
 * Who a change is made for: the principal of the request that asked for it, whose key is checked
 * again inside the change's transaction, or the emulator itself, named by `internalAuthor(why)`.
 */
export type ChangeAuthor = Principal | InternalAuthor;

/** The author of a change the emulator makes for itself; `why` says what it is doing. */
export function internalAuthor(why: string): InternalAuthor {
  return Object.freeze({ internal: why });
}

/** The user a change is recorded for: the principal's, none for the emulator's own. */
export function authorUserId(author: ChangeAuthor): string | null {
  return 'internal' in author ? null : author.userId;
}

/** One state change in progress: the events recorded here commit with it, or neither does. */
export interface UnitOfWork {
  /** Add the event that says what this change did; written after the change, in its transaction. */
  record(input: ChangeEventInput): AuditEvent;
}

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
  /**
   * Run `fn` in an IMMEDIATE transaction (takes the write lock at once, so no upgrade deadlocks).
   * For writes nobody audits: bootstrap, `emulator add-user`, internal bookkeeping. A route that
   * changes what the API shows uses `mutate`.
   */
  transaction<T>(fn: () => T): T;
  /**
   * Run a state change and its audit event(s) as one IMMEDIATE transaction: `fn` changes rows and
   * calls `work.record(event)`; the events are inserted after the change and commit with it. If
   * anything throws (the change, an event insert), both roll back. A change that writes rows but
   * records no event is refused (UnauditedChangeError) and rolled back. `fn` must be synchronous;
   * a mutate inside a mutate joins it. Before `fn` runs, inside the transaction, a principal
   * `author` is checked again (`check`), so no change commits for a key that died (or lost the
   * privileges it was allowed with) after its request was authorised.
   */
  mutate<T>(author: ChangeAuthor, fn: (work: UnitOfWork) => T): T;
  /**
   * Throw RecheckError (401/403, ./recheck.ts) unless a principal author's key still stands with
   * every privilege it had; nothing for the emulator's own changes. `mutate` calls it; a write
   * that cannot be a mutate (the AWS backend's journal row) calls it in its own transaction.
   */
  check(author: ChangeAuthor): void;
  /**
   * Record a standalone event (a refusal). Inside a mutate it is written with that change, or, if the
   * change rolls back, on its own right after: a refusal happened whatever became of the change.
   * With `refusal`, a disk too full to store it loses the event (reported to `onLostEvent`) instead
   * of throwing: the request is refused all the same, with its own status (401, 403, 422, 429), not
   * a 507. Without it (an event that is the answer, the developer shell's), the full disk throws.
   */
  record(input: StandaloneEventInput, opts?: { refusal?: boolean }): AuditEvent;
  /** Checkpoint the WAL into the main file and close. Safe to call twice. */
  close(): void;
}

export interface StoreOptions {
  now?: () => Date;
  /** How long to wait for another process's write lock before failing, in ms. */
  busyTimeoutMs?: number;
  /** Open an existing database only; fail if the file is missing. */
  mustExist?: boolean;
  /** A refusal's event that a full disk could not store (see Store.record); default: dropped. */
  onLostEvent?: (eventType: string) => void;
}

/** A state change wrote rows but recorded no audit event: a bug, refused before it commits. */
export class UnauditedChangeError extends Error {
  override name = 'UnauditedChangeError';
  constructor() {
    super('a state change recorded no audit event; it was rolled back');
  }
}

interface Work extends UnitOfWork {
  changes: PreparedEvent[];
  standalone: PreparedEvent[];
}

/** Open (creating if needed) and migrate the database at `path`. */
export function openStore(path: string, options: StoreOptions = {}): Store {
  const mustExist = options.mustExist === true;
  // 0600 before SQLite opens it: SQLite gives -wal and -shm the main file's mode (see files.ts).
  secureDatabaseFile(path, !mustExist);
  const db = new Database(path, { fileMustExist: mustExist });
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
  // Transactions are synchronous, so at most one unit of work is ever in progress.
  let current: Work | undefined;
  const totalChanges = db.prepare('SELECT total_changes()').pluck();
  /** Run `write`; a full disk loses `events` (reported) instead of throwing. */
  const lossOnFullDisk = (events: readonly PreparedEvent[], write: () => void): void => {
    try {
      write();
    } catch (e) {
      if (!isDiskFull(e)) throw e;
      for (const { event } of events) options.onLostEvent?.(event.event_type);
    }
  };

  const store: Store = {
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
    check(author) {
      if (!('internal' in author)) recheckPrincipal(store, author);
    },
    mutate<T>(author: ChangeAuthor, fn: (work: UnitOfWork) => T): T {
      if (current) {
        store.check(author);
        return fn(current);
      }
      const work: Work = {
        changes: [],
        standalone: [],
        record(input) {
          const prepared = prepareEvent(store, input);
          work.changes.push(prepared);
          return prepared.event;
        },
      };
      current = work;
      try {
        return db
          .transaction(() => {
            store.check(author);
            const before = totalChanges.get() as number;
            const result = fn(work);
            if ((totalChanges.get() as number) > before && work.changes.length === 0) {
              throw new UnauditedChangeError();
            }
            insertEvents(store, [...work.changes, ...work.standalone]);
            return result;
          })
          .immediate();
      } catch (e) {
        // The refusals stand whatever became of the change; a full disk loses their events, never
        // the error the change ended with (a 403 stays a 403).
        if (work.standalone.length > 0) {
          const refusals = work.standalone;
          lossOnFullDisk(refusals, () => db.transaction(() => insertEvents(store, refusals)).immediate());
        }
        throw e;
      } finally {
        current = undefined;
      }
    },
    record(input, opts = {}) {
      const prepared = prepareEvent(store, input);
      if (current) current.standalone.push(prepared);
      else if (db.inTransaction) {
        // A plain transaction would take the event down with it on a rollback: refuse loudly.
        throw new Error(`${input.event_type} recorded inside a transaction that is not a mutate`);
      } else if (opts.refusal) lossOnFullDisk([prepared], () => insertEvents(store, [prepared]));
      else insertEvents(store, [prepared]);
      return prepared.event;
    },
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
  return store;
}
