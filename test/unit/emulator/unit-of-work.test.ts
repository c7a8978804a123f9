// store.mutate: a state change and its audit event commit together or not at all; a change without
// an event never commits; a refusal recorded while a change runs survives the change's rollback.
// One module (the store) over a real SQLite file; the routes are covered over HTTPS in
// test/reliability/audit-atomicity.test.ts.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordEvent } from '../../../src/emulator/audit.js';
import { RecheckError } from '../../../src/emulator/recheck.js';
import { internalAuthor, openStore, type Store, UnauditedChangeError } from '../../../src/emulator/store.js';
import type { Principal } from '../../../src/emulator/types.js';
import { eventsOf, injectInsertFault } from '../../helpers/db-state.js';
import { storedPrincipal } from '../../helpers/in-process-emulator.js';
import { tempDir } from '../../helpers/temp-dir.js';

let store: Store;
beforeEach(() => {
  store = openStore(join(tempDir(), 'emu.db'));
  store.db.exec("INSERT INTO organizations (id, name, created_at) VALUES ('org-1', 'o', 'now')");
});
afterEach(() => store.close());

const TEST = internalAuthor('the unit-of-work test');

const quota = () =>
  (
    store.db.prepare("SELECT quota_overrides FROM organizations WHERE id = 'org-1'").get() as {
      quota_overrides: string;
    }
  ).quota_overrides;

/** A change (the org's overrides) and its quota.override_set event, in one mutate. */
function change(value: string) {
  return store.mutate(TEST, (work) => {
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
      store.mutate(TEST, () => {
        store.db.prepare("UPDATE organizations SET plan = 'free' WHERE id = 'org-1'").run();
      }),
    ).toThrow(UnauditedChangeError);
    expect(store.db.prepare("SELECT plan FROM organizations WHERE id = 'org-1'").get()).toEqual({
      plan: 'pro',
    });
  });

  it('lets a mutate that changes nothing record nothing', () => {
    expect(store.mutate(TEST, () => 'no-op')).toBe('no-op');
    expect(store.db.prepare('SELECT count(*) AS n FROM audit_events').get()).toEqual({ n: 0 });
  });

  it('keeps a refusal recorded inside a change that then fails, and writes it once when it commits', () => {
    const refusal = { event_type: 'access.denied', status: 'denied', org_id: 'org-1' } as const;
    expect(() =>
      store.mutate(TEST, (work) => {
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

    store.mutate(TEST, () => recordEvent(store, refusal));
    expect(eventsOf(store.db, 'access.denied')).toHaveLength(2);
  });

  it('joins an enclosing mutate, and refuses a standalone event inside a plain transaction', () => {
    store.mutate(TEST, (work) => {
      store.mutate(TEST, (inner) => inner.record({ event_type: 'secret.set', status: 'success' }));
      work.record({ event_type: 'secret.deleted', status: 'success' });
    });
    expect(eventsOf(store.db, 'secret.set')).toHaveLength(1);
    expect(() =>
      store.transaction(() => recordEvent(store, { event_type: 'auth.failed', status: 'failure' })),
    ).toThrow('auth.failed recorded inside a transaction that is not a mutate');
    expect(eventsOf(store.db, 'auth.failed')).toEqual([]);
  });
});

describe('store.mutate for a principal', () => {
  const write = (author: Principal) =>
    store.mutate(author, (work) => {
      store.db
        .prepare('UPDATE organizations SET quota_overrides = \'{"x":1}\' WHERE id = ?')
        .run(author.orgId);
      work.record({ event_type: 'quota.override_set', status: 'success', org_id: author.orgId });
      return 'done';
    });
  const overridesOf = (p: Principal) =>
    store.db.prepare('SELECT quota_overrides FROM organizations WHERE id = ?').pluck().get(p.orgId);

  it('commits while the key stands', () => {
    const p = storedPrincipal(store);
    expect(write(p)).toBe('done');
    expect(overridesOf(p)).toBe('{"x":1}');
  });

  it.each([
    ['revoked', "UPDATE api_keys SET revoked_at = 'then' WHERE id = ?", 'API key has been revoked'],
    [
      'expired',
      "UPDATE api_keys SET expires_at = '2000-01-01T00:00:00.000Z' WHERE id = ?",
      'API key has expired',
    ],
    ['deleted', 'DELETE FROM api_keys WHERE id = ?', 'invalid API key'],
  ])(
    'refuses with 401 when the key was %s since the request was authorised: nothing runs',
    (_, sql, detail) => {
      const p = storedPrincipal(store);
      store.db.prepare(sql).run(p.keyId);
      let ran = false;
      expect(() => store.mutate(p, () => (ran = true))).toThrow(RecheckError);
      expect(() => write(p)).toThrow(expect.objectContaining({ statusCode: 401, detail }));
      expect(ran).toBe(false);
      expect(overridesOf(p)).toBe('{}');
      expect(eventsOf(store.db, 'quota.override_set')).toEqual([]);
    },
  );

  it('refuses with 403 when the user lost role, and checks a mutate that joins another too', () => {
    const p = storedPrincipal(store, { role: 'admin' });
    store.db.prepare("UPDATE users SET role = 'member' WHERE id = ?").run(p.userId);
    expect(() => write(p)).toThrow(
      expect.objectContaining({
        statusCode: 403,
        detail: "the API key's role (admin, now member) changed while the request was in flight",
      }),
    );
    expect(() => store.mutate(TEST, () => write(p))).toThrow(RecheckError);
    // Promoted is not narrowed: the change goes ahead.
    store.db.prepare("UPDATE users SET role = 'owner' WHERE id = ?").run(p.userId);
    expect(write(p)).toBe('done');
  });
});
