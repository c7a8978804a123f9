import type { ChangeEventInput } from '../audit.js';
import { randomId } from '../ids.js';
import { type ChangeAuthor, internalAuthor, parseJsonColumn, type Store } from '../store.js';
import type { RotationPolicy, SecretRef, StoredSecret } from './backend.js';

// A remote secrets store (AWS Secrets Manager) cannot join a SQLite transaction, so a change to it
// is journalled: (1) a local row says what is about to change and which event will say so; (2) the
// remote write; (3) one local transaction records the event and removes the row. When (1) fails
// nothing remote is touched. When (2) or (3) fails, or the process dies, the row stays, and `settle`
// later asks the remote store whether the change landed: if it did, the event is recorded then
// (with metadata.reconciled); if not, the row goes. So no remote change lacks its event; an event
// may come late, never for a change that did not happen. docs/emulator.md tells the whole story.

/** The journal records the events of remote changes that already happened (or were checked at begin). */
const JOURNAL = internalAuthor('the secrets journal');

/** What the remote store shows once a change has landed. */
export type Expectation =
  | { kind: 'put'; version: number; updatedAt: string }
  | { kind: 'delete'; createdAt: string }
  | { kind: 'rotation'; rotation: RotationPolicy | null };

/** One journalled change. */
export interface PendingChange {
  id: string;
  ref: SecretRef;
  expect: Expectation;
  event: ChangeEventInput;
}

/** Whether the remote store's current view of the secret shows the change. */
export function landed(expect: Expectation, current: StoredSecret | null): boolean {
  switch (expect.kind) {
    case 'put':
      // A later version means ours landed and another write followed it.
      return (
        current !== null &&
        (current.version > expect.version ||
          (current.version === expect.version && current.updatedAt === expect.updatedAt))
      );
    case 'delete':
      return current === null || current.createdAt !== expect.createdAt;
    case 'rotation':
      return current !== null && JSON.stringify(current.rotation) === JSON.stringify(expect.rotation);
  }
}

/** The journal of changes to a remote store, kept in the emulator's database. */
export class ChangeJournal {
  /** Changes a request of this process is still carrying out: never settled from outside. */
  private readonly inFlight = new Set<string>();

  constructor(private readonly store: Store) {}

  /**
   * Step (1): write the row before anything remote happens; a failure here changes nothing. `by`
   * is checked in this transaction: once the row is written the remote change goes ahead, so this
   * is the last moment a key that died since its request was authorised can be refused.
   */
  begin(ref: SecretRef, by: ChangeAuthor, expect: Expectation, event: ChangeEventInput): PendingChange {
    const change: PendingChange = { id: randomId('chg_', 12), ref, expect, event };
    this.store.transaction(() => {
      this.store.check(by);
      this.store
        .prepare('INSERT INTO pending_changes (id, created_at, change) VALUES (?, ?, ?)')
        .run(change.id, this.store.nowIso(), JSON.stringify(change));
    });
    this.inFlight.add(change.id);
    return change;
  }

  /** Step (3): the event and the row's removal, in one transaction. On failure the row stays. */
  commit(change: PendingChange): void {
    try {
      // The remote change has happened: its event is recorded whatever became of the key since.
      this.store.mutate(JOURNAL, (work) => {
        this.remove(change.id);
        work.record(change.event);
      });
    } finally {
      this.inFlight.delete(change.id);
    }
  }

  /** Give up carrying a change out here (its remote write failed); `settle` decides what it did. */
  release(change: PendingChange): void {
    this.inFlight.delete(change.id);
  }

  /** Rows left by failures, oldest first, except those a request is carrying out now. */
  pending(): PendingChange[] {
    const rows = this.store
      .prepare('SELECT change FROM pending_changes ORDER BY created_at, id')
      .all() as Array<{ change: string }>;
    return rows
      .map((r) => parseJsonColumn<PendingChange | null>(r.change, null))
      .filter((c): c is PendingChange => c !== null && !this.inFlight.has(c.id));
  }

  /** Close a left-over change given the remote store's current view of its secret. */
  settle(change: PendingChange, current: StoredSecret | null): void {
    if (!landed(change.expect, current)) {
      // It never happened: nothing to record, and the row is bookkeeping, not API state.
      this.store.transaction(() => this.remove(change.id));
      return;
    }
    this.store.mutate(JOURNAL, (work) => {
      // Another request may have settled it first: record the event only with the row's removal.
      if (!this.remove(change.id)) return;
      const metadata = { ...change.event.metadata, reconciled: true };
      work.record({ ...change.event, metadata });
    });
  }

  private remove(id: string): boolean {
    return this.store.prepare('DELETE FROM pending_changes WHERE id = ?').run(id).changes > 0;
  }
}
