// What the emulator stored for secrets, read from its database and decrypted with its master key: a
// test's positive control that a value really reached storage, byte for byte.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadMasterKey, open } from '../../src/emulator/secrets/crypto.js';

export interface StoredValue {
  orgId: string;
  /** '' for the shared scope, as stored. */
  environment: string;
  name: string;
  version: number;
  value: string;
}

/** The secrets named `name`, or whose names match the SQL LIKE pattern `like`, decrypted. */
export function storedSecrets(dataDir: string, filter: { name: string } | { like: string }): StoredValue[] {
  const { key } = loadMasterKey(dataDir, {});
  const db = new Database(join(dataDir, 'emulator.db'), { readonly: true });
  try {
    const [where, param] = 'name' in filter ? ['name = ?', filter.name] : ['name LIKE ?', filter.like];
    const rows = db
      .prepare(
        `SELECT org_id, environment, sealed_environment, name, version, ciphertext, nonce FROM secrets WHERE ${where}`,
      )
      .all(param) as Array<{
      org_id: string;
      environment: string;
      sealed_environment: string | null;
      name: string;
      version: number;
      ciphertext: Buffer;
      nonce: Buffer;
    }>;
    return rows.map((r) => ({
      orgId: r.org_id,
      environment: r.environment,
      name: r.name,
      version: r.version,
      value: open(key, r, {
        orgId: r.org_id,
        // A row a migration renamed is still sealed in its old environment until its next write.
        environment: r.sealed_environment ?? r.environment,
        name: r.name,
        version: r.version,
      }),
    }));
  } finally {
    db.close();
  }
}
