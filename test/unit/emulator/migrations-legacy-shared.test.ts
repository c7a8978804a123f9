// Migration 6 on a data dir made before `shared` was reserved (H14c-3): each organization's
// environment named `shared` gets a free name, `shared-legacy` or the first free `shared-legacy-N`,
// with its rows' values still bound to where they were sealed, its runs renamed with it, the shared
// scope ('') and every other environment untouched, and one record per organization.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, takeUnreportedRenames } from '../../../src/emulator/migrations.js';
import { openStore } from '../../../src/emulator/store.js';
import { tempDir } from '../../helpers/temp-dir.js';

const T = '2026-01-01T00:00:00.000Z';

function oldDatabase(): string {
  const path = join(tempDir(), 'old.db');
  const old = new Database(path);
  for (const sql of MIGRATIONS.slice(0, 5)) old.exec(sql);
  old.pragma('user_version = 5');
  const secret = old.prepare(
    `INSERT INTO secrets (org_id, environment, name, ciphertext, nonce, created_at, updated_at)
     VALUES (?, ?, ?, x'00', x'00', '${T}', '${T}')`,
  );
  for (const org of ['org-1', 'org-2', 'org-3']) {
    old.prepare(`INSERT INTO organizations (id, name, created_at) VALUES (?, ?, '${T}')`).run(org, org);
    old
      .prepare(`INSERT INTO workflows (id, org_id, name, created_at) VALUES (?, ?, 'w', '${T}')`)
      .run(`wf-${org}`, org);
  }
  // org-1: `shared-legacy` and `shared-legacy-2` are taken, so its legacy environment is the third name.
  for (const [org, env, name] of [
    ['org-1', 'shared', 'A'],
    ['org-1', 'shared', 'B'],
    ['org-1', '', 'A'],
    ['org-1', 'shared-legacy', 'A'],
    ['org-1', 'shared-legacy-2', 'A'],
    ['org-2', 'shared', 'A'],
    ['org-3', 'production', 'A'],
  ])
    secret.run(org, env, name);
  const run = old.prepare(
    `INSERT INTO runs (id, workflow_id, status, environment) VALUES (?, ?, 'completed', ?)`,
  );
  run.run('run-1', 'wf-org-1', 'shared');
  run.run('run-2', 'wf-org-2', 'shared');
  run.run('run-3', 'wf-org-3', null);
  old.close();
  return path;
}

describe('migration 6', () => {
  it('renames each legacy shared environment to a free name and records it, once', () => {
    const store = openStore(oldDatabase());
    try {
      const rows = store.db
        .prepare('SELECT org_id, environment, name, sealed_environment FROM secrets ORDER BY id')
        .all();
      expect(rows).toEqual([
        { org_id: 'org-1', environment: 'shared-legacy-3', name: 'A', sealed_environment: 'shared' },
        { org_id: 'org-1', environment: 'shared-legacy-3', name: 'B', sealed_environment: 'shared' },
        { org_id: 'org-1', environment: '', name: 'A', sealed_environment: null },
        { org_id: 'org-1', environment: 'shared-legacy', name: 'A', sealed_environment: null },
        { org_id: 'org-1', environment: 'shared-legacy-2', name: 'A', sealed_environment: null },
        { org_id: 'org-2', environment: 'shared-legacy', name: 'A', sealed_environment: 'shared' },
        { org_id: 'org-3', environment: 'production', name: 'A', sealed_environment: null },
      ]);
      expect(store.db.prepare('SELECT id, environment FROM runs ORDER BY id').all()).toEqual([
        { id: 'run-1', environment: 'shared-legacy-3' },
        { id: 'run-2', environment: 'shared-legacy' },
        { id: 'run-3', environment: null },
      ]);
      expect(takeUnreportedRenames(store.db, T)).toEqual([
        { org_id: 'org-1', old_name: 'shared', new_name: 'shared-legacy-3', secrets: 2 },
        { org_id: 'org-2', old_name: 'shared', new_name: 'shared-legacy', secrets: 1 },
      ]);
      expect(takeUnreportedRenames(store.db, T)).toEqual([]);
      // Only `shared` may be remembered as where a value was sealed: no other value can be moved.
      expect(() => store.db.exec("UPDATE secrets SET sealed_environment = 'production'")).toThrow(/CHECK/);
    } finally {
      store.close();
    }
  });
});
