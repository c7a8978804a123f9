import type Database from 'better-sqlite3';

/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many have run.
 * Append new entries; never edit one that has shipped (existing data dirs already ran it).
 * Timestamps are TEXT in RFC 3339 UTC with `Z` and milliseconds, so they sort as strings.
 * JSON columns are TEXT holding JSON.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: the whole platform model the emulator serves.
  `
  CREATE TABLE organizations (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    plan TEXT NOT NULL DEFAULT 'pro',
    quota_overrides TEXT NOT NULL DEFAULT '{}',
    governance TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL
  );

  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organizations(id),
    name TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
    is_superuser INTEGER NOT NULL DEFAULT 0 CHECK (is_superuser IN (0, 1)),
    created_at TEXT NOT NULL
  );
  CREATE INDEX users_org ON users(org_id);

  CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organizations(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    scopes TEXT NOT NULL DEFAULT '{}',
    workflows TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL,
    expires_at TEXT,
    last_used_at TEXT,
    revoked_at TEXT,
    created_by TEXT
  );
  CREATE INDEX api_keys_prefix ON api_keys(prefix);
  CREATE INDEX api_keys_org ON api_keys(org_id, created_at);

  CREATE TABLE audit_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    org_id TEXT,
    timestamp TEXT NOT NULL,
    event_type TEXT NOT NULL,
    workflow_id TEXT,
    user_id TEXT,
    ip_address TEXT,
    action TEXT,
    status TEXT NOT NULL,
    duration_ms INTEGER,
    metadata TEXT NOT NULL DEFAULT '{}'
  );
  CREATE INDEX audit_events_time ON audit_events(timestamp, id);
  CREATE INDEX audit_events_type ON audit_events(event_type);
  CREATE INDEX audit_events_user ON audit_events(user_id);
  CREATE INDEX audit_events_workflow ON audit_events(workflow_id);
  CREATE INDEX audit_events_status ON audit_events(status);

  CREATE TABLE secrets (
    id INTEGER PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organizations(id),
    environment TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    ciphertext BLOB NOT NULL,
    nonce BLOB NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT,
    rotation TEXT,
    UNIQUE (org_id, environment, name)
  );

  CREATE TABLE workflows (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organizations(id),
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    definition TEXT NOT NULL DEFAULT '{}',
    is_active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    UNIQUE (org_id, name)
  );

  CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    workflow_id TEXT NOT NULL REFERENCES workflows(id),
    status TEXT NOT NULL,
    started_at TEXT,
    completed_at TEXT,
    duration_seconds REAL,
    input_data TEXT,
    output_data TEXT,
    error_message TEXT
  );
  CREATE INDEX runs_workflow ON runs(workflow_id, started_at);
  `,
  // 2 (audit): keyset pages per organization. Each index serves the equality filters and
  // the (timestamp, id) order, so a page never sorts; the one-column indexes tempted the planner
  // into scanning and sorting a third of the table, so they go.
  `
  DROP INDEX audit_events_type;
  DROP INDEX audit_events_status;
  DROP INDEX audit_events_user;
  DROP INDEX audit_events_workflow;
  CREATE INDEX audit_events_org_time ON audit_events(org_id, timestamp, id);
  CREATE INDEX audit_events_org_user_time ON audit_events(org_id, user_id, timestamp, id);
  CREATE INDEX audit_events_org_workflow_time ON audit_events(org_id, workflow_id, timestamp, id);
  `,
  // 3: which key created a key (a child never outlives its creator, and revoking the creator
  // revokes it: docs/authorization.md), and the write-ahead journal of changes to a remote secrets
  // store, so their audit events survive a failure between the remote write and the local commit.
  `
  ALTER TABLE api_keys ADD COLUMN created_by_key TEXT REFERENCES api_keys(id);
  CREATE INDEX api_keys_created_by_key ON api_keys(created_by_key);

  CREATE TABLE pending_changes (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    change TEXT NOT NULL
  );
  `,
  // 4 (access policy): custom roles, so users.role follows the role-name rule instead of naming
  // the four built-in roles (SQLite cannot alter a CHECK: the table is rebuilt, with foreign keys
  // off and checked before the commit); and the organization's access policy, one row per version.
  `
  CREATE TABLE users_new (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organizations(id),
    name TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL CHECK (
      length(role) BETWEEN 1 AND 32 AND role GLOB '[a-z]*' AND role NOT GLOB '*[^a-z0-9-]*'
    ),
    is_superuser INTEGER NOT NULL DEFAULT 0 CHECK (is_superuser IN (0, 1)),
    created_at TEXT NOT NULL
  );
  INSERT INTO users_new (id, org_id, name, role, is_superuser, created_at)
    SELECT id, org_id, name, role, is_superuser, created_at FROM users;
  DROP TABLE users;
  ALTER TABLE users_new RENAME TO users;
  CREATE INDEX users_org ON users(org_id);

  CREATE TABLE access_policies (
    org_id TEXT NOT NULL REFERENCES organizations(id),
    version INTEGER NOT NULL CHECK (version > 0),
    document TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT,
    PRIMARY KEY (org_id, version)
  );
  `,
  // 5 (workflow runs): the environment a run's secrets resolved in; null for the shared scope and
  // for the runs stored before.
  `
  ALTER TABLE runs ADD COLUMN environment TEXT;
  `,
  // 6: environments named `shared`, stored before that became the shared scope's reserved name
  // (an environment of that name would be a second scope under the policy's `secrets/shared/NAME`,
  // and the API can neither list, run in, set nor delete it). Each organization's is renamed
  // `shared-legacy` (`shared-legacy-2`, `-3`, … when taken), values kept: a ciphertext is bound to
  // the environment it was sealed in, so `sealed_environment` remembers `shared` until the next
  // write re-seals it (only `shared` may be remembered: no other value can be moved this way). The
  // runs that named it follow it; `environment_renames` records what was done, and the next start
  // says so once (reported_at).
  `
  ALTER TABLE secrets ADD COLUMN sealed_environment TEXT
    CHECK (sealed_environment IS NULL OR sealed_environment = 'shared');
  CREATE TABLE environment_renames (
    org_id TEXT NOT NULL REFERENCES organizations(id),
    old_name TEXT NOT NULL,
    new_name TEXT NOT NULL,
    secrets INTEGER NOT NULL,
    renamed_at TEXT NOT NULL,
    reported_at TEXT,
    PRIMARY KEY (org_id, old_name)
  );
  INSERT INTO environment_renames (org_id, old_name, new_name, secrets, renamed_at)
    WITH RECURSIVE
      legacy(org_id, secrets) AS (
        SELECT org_id, count(*) FROM secrets WHERE environment = 'shared' GROUP BY org_id
      ),
      tried(org_id, k, name) AS (
        SELECT org_id, 1, 'shared-legacy' FROM legacy
        UNION ALL
        SELECT t.org_id, t.k + 1, 'shared-legacy-' || (t.k + 1) FROM tried t
          WHERE EXISTS (SELECT 1 FROM secrets s WHERE s.org_id = t.org_id AND s.environment = t.name)
      )
    SELECT l.org_id, 'shared',
      (SELECT t.name FROM tried t WHERE t.org_id = l.org_id ORDER BY t.k DESC LIMIT 1),
      l.secrets, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    FROM legacy l;
  UPDATE secrets SET sealed_environment = 'shared', environment = (
      SELECT r.new_name FROM environment_renames r WHERE r.org_id = secrets.org_id AND r.old_name = 'shared'
    )
    WHERE environment = 'shared';
  UPDATE runs SET environment = coalesce((
      SELECT r.new_name FROM environment_renames r JOIN workflows w ON w.org_id = r.org_id
        WHERE w.id = runs.workflow_id AND r.old_name = 'shared'
    ), 'shared-legacy')
    WHERE environment = 'shared';
  `,
];

/** A rename migration 6 made, for the start that follows it to say once. */
export interface EnvironmentRename {
  org_id: string;
  old_name: string;
  new_name: string;
  secrets: number;
}

/** The renames not yet reported, marked reported: each is said by exactly one start. */
export function takeUnreportedRenames(db: Database.Database, now: string): EnvironmentRename[] {
  return db
    .transaction(() => {
      const rows = db
        .prepare(
          'SELECT org_id, old_name, new_name, secrets FROM environment_renames WHERE reported_at IS NULL ORDER BY org_id',
        )
        .all() as EnvironmentRename[];
      db.prepare('UPDATE environment_renames SET reported_at = ? WHERE reported_at IS NULL').run(now);
      return rows;
    })
    .immediate();
}

/**
 * Bring a database up to the newest schema. Each migration runs in its own IMMEDIATE transaction
 * that re-reads the version, so two processes opening one data dir never apply a migration twice.
 * Foreign keys are off while they run (a table rebuild drops a parent table; SQLite ignores the
 * pragma inside a transaction) and every migration is checked against them before its commit.
 */
export function migrate(db: Database.Database): number {
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  const step = db.transaction((): boolean => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > MIGRATIONS.length) {
      throw new Error(
        `the emulator database has schema version ${current}, newer than this fibonacci knows (${MIGRATIONS.length}); upgrade the CLI or use another data dir`,
      );
    }
    if (current === MIGRATIONS.length) return false;
    db.exec(MIGRATIONS[current] as string);
    const broken = db.pragma('foreign_key_check') as unknown[];
    if (broken.length > 0) throw new Error(`migration ${current + 1} broke ${broken.length} foreign keys`);
    db.pragma(`user_version = ${current + 1}`);
    return true;
  });
  db.pragma('foreign_keys = OFF');
  try {
    while (step.immediate()) {
      // one migration per transaction
    }
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  }
  return MIGRATIONS.length;
}
