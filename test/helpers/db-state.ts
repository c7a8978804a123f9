// Reaching into an emulator's database from the test process, through its own SQLite connection:
// a snapshot of every table (to prove a refused or failed request changed nothing), and a fault
// injected between a state change and its audit event (a trigger that makes the event's INSERT fail
// inside the change's transaction, exactly where a full disk or an I/O error would strike).
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** The emulator database of a data dir, opened read-write beside the running emulator (WAL). */
export function openDataDb(dataDir: string): Database.Database {
  const db = new Database(join(dataDir, 'emulator.db'));
  db.pragma('busy_timeout = 10000');
  return db;
}

/**
 * Every table as JSON (audit_events included), rows in rowid order; api_keys without last_used_at,
 * which every authenticated request updates.
 */
export function snapshotTables(db: Database.Database): string {
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'sqlite_sequence' ORDER BY name",
    )
    .all() as Array<{ name: string }>;
  const out: Record<string, unknown[]> = {};
  for (const { name } of tables) {
    const rows = db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all() as Array<Record<string, unknown>>;
    out[name] = rows.map((row) => {
      if (name !== 'api_keys') return row;
      const { last_used_at: _, ...rest } = row;
      return rest;
    });
  }
  return JSON.stringify(out, (_k, v) => (Buffer.isBuffer(v) ? v.toString('hex') : v));
}

const TRIGGER = 'test_injected_fault';

/**
 * Make every INSERT into `table` fail (for audit_events, only events of `eventTypes`) until the
 * returned function is called. The failure is SQLite's own (RAISE(ABORT)), inside whatever
 * transaction the emulator runs the insert in.
 */
export function injectInsertFault(
  db: Database.Database,
  table: 'audit_events' | 'pending_changes',
  eventTypes: readonly string[] = [],
): () => void {
  const when =
    table === 'audit_events' && eventTypes.length > 0
      ? `WHEN NEW.event_type IN (${eventTypes.map((t) => `'${t.replaceAll("'", "''")}'`).join(', ')})`
      : '';
  db.exec(`DROP TRIGGER IF EXISTS ${TRIGGER}`);
  db.exec(
    `CREATE TRIGGER ${TRIGGER} BEFORE INSERT ON ${table} ${when}
     BEGIN SELECT RAISE(ABORT, 'injected fault: disk I/O error'); END`,
  );
  return () => db.exec(`DROP TRIGGER IF EXISTS ${TRIGGER}`);
}

/** The audit events of one type, oldest first, metadata parsed. */
export function eventsOf(
  db: Database.Database,
  eventType: string,
): Array<{ event_type: string; status: string; metadata: Record<string, unknown> }> {
  const rows = db
    .prepare('SELECT event_type, status, metadata FROM audit_events WHERE event_type = ? ORDER BY seq')
    .all(eventType) as Array<{ event_type: string; status: string; metadata: string }>;
  return rows.map((r) => ({ ...r, metadata: JSON.parse(r.metadata) as Record<string, unknown> }));
}
