// Migration 3 (custom roles, access policies) on a data dir made before it: users and their keys
// survive the rebuilt users table, foreign keys still hold, and a custom role can be stored.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../src/emulator/migrations.js';
import { openStore } from '../../../src/emulator/store.js';
import { tempDir } from '../../helpers/temp-dir.js';

describe('migration 3', () => {
  it('keeps every user and key of an older database and lets users hold custom roles', () => {
    const path = join(tempDir(), 'old.db');
    const old = new Database(path);
    for (const sql of MIGRATIONS.slice(0, 2)) old.exec(sql);
    old.pragma('user_version = 2');
    old.exec(`INSERT INTO organizations (id, name, created_at) VALUES ('org-1', 'o', '2026-01-01T00:00:00.000Z');
      INSERT INTO users (id, org_id, name, role, created_at) VALUES ('user-1', 'org-1', 'owner', 'owner', '2026-01-01T00:00:00.000Z');
      INSERT INTO api_keys (id, org_id, user_id, name, prefix, key_hash, created_at)
        VALUES ('key_1', 'org-1', 'user-1', 'k', 'fib_test_abcd', 'hash', '2026-01-01T00:00:00.000Z');`);
    expect(() =>
      old.exec("INSERT INTO users (id, org_id, role, created_at) VALUES ('u2', 'org-1', 'developer', 'x')"),
    ).toThrow(/CHECK/);
    old.close();

    const store = openStore(path);
    try {
      expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(store.db.prepare('SELECT id, role FROM users').all()).toEqual([{ id: 'user-1', role: 'owner' }]);
      expect(store.db.prepare('SELECT id, user_id FROM api_keys').all()).toEqual([
        { id: 'key_1', user_id: 'user-1' },
      ]);
      store.db.exec(
        "INSERT INTO users (id, org_id, role, created_at) VALUES ('user-2', 'org-1', 'production-deployer', 'x')",
      );
      for (const bad of ['Dev', '', 'a b', '-x', 'x'.repeat(33)]) {
        expect(
          () =>
            store.db
              .prepare("INSERT INTO users (id, org_id, role, created_at) VALUES ('u3', 'org-1', ?, 'x')")
              .run(bad),
          bad,
        ).toThrow(/CHECK/);
      }
      expect(() =>
        store.db.exec(
          "INSERT INTO api_keys (id, org_id, user_id, name, prefix, key_hash, created_at) VALUES ('k2', 'org-1', 'nobody', 'k', 'p', 'h2', 'x')",
        ),
      ).toThrow(/FOREIGN KEY/);
      expect(store.db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      store.close();
    }
  });
});
