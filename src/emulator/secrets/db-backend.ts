import { randomBytes } from 'node:crypto';
import { authorUserId, type ChangeAuthor, type Store } from '../store.js';
import type {
  AuditOf,
  HealthReport,
  PutOutcome,
  RotationPolicy,
  SecretRef,
  SecretResolution,
  SecretsBackend,
  SecretsBackendSettings,
  StoredSecret,
} from './backend.js';
import { checkedMasterKey, open, type SecretBinding, SecretIntegrityError, seal } from './crypto.js';

// The `db` backend: metadata and AES-256-GCM ciphertexts in the emulator's SQLite `secrets` table.
// The plaintext exists only in memory between the request and seal(); SQLite (and its WAL) only
// ever sees the ciphertext and nonce.

/** The probe lives in a scope no API call can name (environments must start with a letter). */
const PROBE_ENVIRONMENT = '_health';
const PROBE_NAME = '_probe';

interface SecretRow {
  org_id: string;
  environment: string;
  name: string;
  version: number;
  ciphertext: Buffer;
  nonce: Buffer;
  created_at: string;
  updated_at: string;
  updated_by: string | null;
  rotation: string | null;
  /** The environment the value was sealed in when a migration renamed the row's since (migration 6). */
  sealed_environment: string | null;
}

const COLUMNS =
  'org_id, environment, name, version, ciphertext, nonce, created_at, updated_at, updated_by, rotation, sealed_environment';

function parseRotation(text: string | null): RotationPolicy | null {
  if (!text) return null;
  try {
    const r = JSON.parse(text) as { interval_days?: unknown; notify_before_days?: unknown };
    if (typeof r.interval_days !== 'number' || typeof r.notify_before_days !== 'number') return null;
    return { intervalDays: r.interval_days, notifyBeforeDays: r.notify_before_days };
  } catch {
    return null;
  }
}

function toStored(row: SecretRow): StoredSecret {
  return {
    orgId: row.org_id,
    environment: row.environment === '' ? null : row.environment,
    name: row.name,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
    rotation: parseRotation(row.rotation),
  };
}

function bindingOf(
  row: Pick<SecretRow, 'org_id' | 'environment' | 'name' | 'version' | 'sealed_environment'>,
): SecretBinding {
  const environment = row.sealed_environment ?? row.environment;
  return { orgId: row.org_id, environment, name: row.name, version: row.version };
}

/** The `db` backend over an open store; loads (or, on a data dir without secrets, generates) the master key. */
export function createDbBackend(settings: SecretsBackendSettings): SecretsBackend {
  return new DbSecretsBackend(settings.store, masterKeyFor(settings));
}

/** Rows tried at start: a wrong key fails on every one, a right key on none (short of tampering). */
const KEY_CHECK_ROWS = 8;

/** The master key for this data dir, checked against what it already holds (crypto.ts). */
function masterKeyFor(settings: SecretsBackendSettings): Buffer {
  const sample = settings.store
    .prepare(`SELECT ${COLUMNS} FROM secrets ORDER BY id LIMIT ${KEY_CHECK_ROWS}`)
    .all() as SecretRow[];
  return checkedMasterKey(
    settings.dataDir,
    settings.env,
    settings.store.path,
    (key) =>
      sample.some((row) => {
        try {
          open(key, row, bindingOf(row));
          return true;
        } catch {
          return false;
        }
      }),
    sample.length > 0,
  );
}

class DbSecretsBackend implements SecretsBackend {
  readonly name = 'db';
  constructor(
    private readonly store: Store,
    private readonly key: Buffer,
  ) {}

  private row(orgId: string, environment: string, name: string): SecretRow | undefined {
    return this.store
      .prepare(`SELECT ${COLUMNS} FROM secrets WHERE org_id = ? AND environment = ? AND name = ?`)
      .get(orgId, environment, name) as SecretRow | undefined;
  }

  async list(orgId: string, environment: string | null): Promise<StoredSecret[]> {
    const rows = this.store
      .prepare(`SELECT ${COLUMNS} FROM secrets WHERE org_id = ? AND environment = ? ORDER BY name`)
      .all(orgId, environment ?? '') as SecretRow[];
    return rows.map(toStored);
  }

  async listAll(orgId: string): Promise<StoredSecret[]> {
    const rows = this.store
      .prepare(
        `SELECT ${COLUMNS} FROM secrets WHERE org_id = ? AND environment != ? ORDER BY environment, name`,
      )
      .all(orgId, PROBE_ENVIRONMENT) as SecretRow[];
    return rows.map(toStored);
  }

  async getMeta(ref: SecretRef): Promise<StoredSecret | null> {
    const row = this.row(ref.orgId, ref.environment ?? '', ref.name);
    if (!row) return null;
    // Authenticate the stored value (and drop the plaintext at once) so tampering surfaces on read.
    open(this.key, row, bindingOf(row));
    return toStored(row);
  }

  async put(ref: SecretRef, value: string, by: ChangeAuthor, audit: AuditOf<PutOutcome>) {
    // The new version and its secret.set event: one transaction, so neither exists without the other.
    return this.store.mutate(by, (work) => {
      const outcome = this.write(ref.orgId, ref.environment ?? '', ref.name, value, authorUserId(by));
      work.record(audit(outcome));
      return outcome;
    });
  }

  /** Store a value as the next version; the caller holds the transaction. */
  private write(
    orgId: string,
    environment: string,
    name: string,
    value: string,
    userId: string | null,
  ): PutOutcome {
    const existing = this.row(orgId, environment, name);
    const now = this.store.nowIso();
    const version = existing ? existing.version + 1 : 1;
    const sealed = seal(this.key, value, { orgId, environment, name, version });
    if (existing) {
      this.store
        .prepare(
          `UPDATE secrets SET version = ?, ciphertext = ?, nonce = ?, updated_at = ?, updated_by = ?,
             sealed_environment = NULL
           WHERE org_id = ? AND environment = ? AND name = ?`,
        )
        .run(version, sealed.ciphertext, sealed.nonce, now, userId, orgId, environment, name);
    } else {
      this.store
        .prepare(
          `INSERT INTO secrets (org_id, environment, name, version, ciphertext, nonce, created_at, updated_at, updated_by)
           VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?)`,
        )
        .run(orgId, environment, name, sealed.ciphertext, sealed.nonce, now, now, userId);
    }
    const row = this.row(orgId, environment, name) as SecretRow;
    return { secret: toStored(row), created: !existing };
  }

  async delete(ref: SecretRef, by: ChangeAuthor, audit: AuditOf<StoredSecret>): Promise<StoredSecret | null> {
    return this.store.mutate(by, (work) => {
      const row = this.row(ref.orgId, ref.environment ?? '', ref.name);
      if (!row) return null;
      this.store
        .prepare('DELETE FROM secrets WHERE org_id = ? AND environment = ? AND name = ?')
        .run(row.org_id, row.environment, row.name);
      const removed = toStored(row);
      work.record(audit(removed));
      return removed;
    });
  }

  async setRotation(
    ref: SecretRef,
    rotation: RotationPolicy | null,
    by: ChangeAuthor,
    audit: AuditOf<StoredSecret>,
  ): Promise<StoredSecret | null> {
    return this.store.mutate(by, (work) => {
      const env = ref.environment ?? '';
      const text = rotation
        ? JSON.stringify({
            interval_days: rotation.intervalDays,
            notify_before_days: rotation.notifyBeforeDays,
          })
        : null;
      const changed = this.store
        .prepare('UPDATE secrets SET rotation = ? WHERE org_id = ? AND environment = ? AND name = ?')
        .run(text, ref.orgId, env, ref.name).changes;
      if (changed === 0) return null;
      const secret = toStored(this.row(ref.orgId, env, ref.name) as SecretRow);
      work.record(audit(secret));
      return secret;
    });
  }

  async prepareResolution(orgId: string, environment: string | null, names: readonly string[]) {
    return (): SecretResolution => {
      const values = new Map<string, string>();
      const missing: string[] = [];
      for (const name of names) {
        const row =
          (environment === null ? undefined : this.row(orgId, environment, name)) ??
          this.row(orgId, '', name);
        if (row) values.set(name, open(this.key, row, bindingOf(row)));
        else missing.push(name);
      }
      return { values, missing };
    };
  }

  async health(orgId: string): Promise<HealthReport> {
    const checks: Record<string, string> = {};
    try {
      await this.list(orgId, null);
      checks.list_secrets = 'ok';
    } catch (e) {
      checks.list_secrets = `error: ${(e as Error).message}`;
    }
    try {
      checks.get_secret = this.readProbe(orgId);
    } catch (e) {
      checks.get_secret = `error: ${(e as Error).message}`;
    }
    return { backend: this.name, checks };
  }

  /** Read (creating on first use) the probe secret; its plaintext carries its own check digest. */
  private readProbe(orgId: string): string {
    let row = this.row(orgId, PROBE_ENVIRONMENT, PROBE_NAME);
    if (!row) {
      const marker = randomBytes(16).toString('hex');
      // Internal health data no endpoint can see: written without an audit event.
      this.store.transaction(() =>
        this.write(orgId, PROBE_ENVIRONMENT, PROBE_NAME, `probe:${marker}:${marker}`, null),
      );
      row = this.row(orgId, PROBE_ENVIRONMENT, PROBE_NAME) as SecretRow;
    }
    let plain: string;
    try {
      plain = open(this.key, row, bindingOf(row));
    } catch (e) {
      if (e instanceof SecretIntegrityError) {
        return 'error: the probe secret failed authentication: stored data was altered, or the master key changed';
      }
      throw e;
    }
    const [tag, a, b] = plain.split(':');
    return tag === 'probe' && a !== undefined && a === b ? 'ok' : 'error: the probe secret read back wrong';
  }
}
