// store.mutate: a state change and its audit event commit together or not at all; a change without
// an event never commits; a refusal recorded while a change runs survives the change's rollback.
// One module (the store) over a real SQLite file; the routes are covered over HTTPS in
// test/reliability/audit-atomicity.test.ts.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordEvent } from '../../../src/emulator/audit.js';
import { openStore, type Store, UnauditedChangeError } from '../../../src/emulator/store.js';
import { eventsOf, injectInsertFault } from '../../helpers/db-state.js';
import { tempDir } from '../../helpers/temp-dir.js';

let store: Store;
beforeEach(() => {
  store = openStore(join(tempDir(), 'emu.db'));
  store.db.exec("INSERT INTO organizations (id, name, created_at) VALUES ('org-1', 'o', 'now')");
});
afterEach(() => store.close());

const quota = () =>
  (
    store.db.prepare("SELECT quota_overrides FROM organizations WHERE id = 'org-1'").get() as {
      quota_overrides: string;
    }
  ).quota_overrides;

/** A change (the org's overrides) and its quota.override_set event, in one mutate. */
function change(value: string) {
  return store.mutate((work) => {
    store.db.prepare("UPDATE organizations SET quota_overrides = ? WHERE id = 'org-1'").run(value);
    work.record({ event_type: 'quota.override_set', status: 'success', org_id: 'org-1' });
    return value;
  });
}

describe('store.mutate', () => {
  it('commits the change and its event together', () => {
    expect(change('{"memory_mb":1}')).toBe('{"memory_mb":1}');
    expect(quota()).toBe('{"memory_mb":1}');
    expect(eventsOf(store.db, 'quota.override_set')).toHaveLength(1);
  });

  it('rolls the change back when its event cannot be written, and throws that failure', () => {
    const heal = injectInsertFault(store.db, 'audit_events', ['quota.override_set']);
    expect(() => change('{"memory_mb":2}')).toThrow(/injected fault/);
    expect(quota()).toBe('{}');
    expect(eventsOf(store.db, 'quota.override_set')).toEqual([]);
    heal();
    change('{"memory_mb":3}');
    expect(quota()).toBe('{"memory_mb":3}');
  });

  it('refuses a change that records no event: rolled back, UnauditedChangeError', () => {
    expect(() =>
      store.mutate(() => {
        store.db.prepare("UPDATE organizations SET plan = 'free' WHERE id = 'org-1'").run();
      }),
    ).toThrow(UnauditedChangeError);
    expect(store.db.prepare("SELECT plan FROM organizations WHERE id = 'org-1'").get()).toEqual({
      plan: 'pro',
    });
  });

  it('lets a mutate that changes nothing record nothing', () => {
    expect(store.mutate(() => 'no-op')).toBe('no-op');
    expect(store.db.prepare('SELECT count(*) AS n FROM audit_events').get()).toEqual({ n: 0 });
  });

  it('keeps a refusal recorded inside a change that then fails, and writes it once when it commits', () => {
    const refusal = { event_type: 'access.denied', status: 'denied', org_id: 'org-1' } as const;
    expect(() =>
      store.mutate((work) => {
        store.db.prepare("UPDATE organizations SET plan = 'free' WHERE id = 'org-1'").run();
        work.record({ event_type: 'quota.override_set', status: 'success' });
        recordEvent(store, refusal);
        throw new Error('403 after the check');
      }),
    ).toThrow('403 after the check');
    expect(store.db.prepare("SELECT plan FROM organizations WHERE id = 'org-1'").get()).toEqual({
      plan: 'pro',
    });
    expect(eventsOf(store.db, 'quota.override_set')).toEqual([]);
    expect(eventsOf(store.db, 'access.denied')).toHaveLength(1);

    store.mutate(() => recordEvent(store, refusal));
    expect(eventsOf(store.db, 'access.denied')).toHaveLength(2);
  });

  it('joins an enclosing mutate, and refuses a standalone event inside a plain transaction', () => {
    store.mutate((work) => {
      store.mutate((inner) => inner.record({ event_type: 'secret.set', status: 'success' }));
      work.record({ event_type: 'secret.deleted', status: 'success' });
    });
    expect(eventsOf(store.db, 'secret.set')).toHaveLength(1);
    expect(() =>
      store.transaction(() => recordEvent(store, { event_type: 'auth.failed', status: 'failure' })),
    ).toThrow('auth.failed recorded inside a transaction that is not a mutate');
    expect(eventsOf(store.db, 'auth.failed')).toEqual([]);
  });
});
