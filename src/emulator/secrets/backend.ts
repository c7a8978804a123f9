import type { AuditOf } from '../audit.js';
import { StartupRefusedError } from '../settings.js';
import type { ChangeAuthor, Store } from '../store.js';
import { MASTER_KEY_ENV, MasterKeyError } from './crypto.js';

// The storage behind the Secrets endpoints. Routes speak only this interface; `createSecretsBackend`
// is the one place that picks an implementation (SECRETS_BACKEND). Everything here is
// storage-agnostic: no SQL, no ciphertext, no AWS types. Values go in through `put` and never come
// back out through any method but the health probe's own read.

/** Which secret: an organization, a scope (`null` = shared) and a name. */
export interface SecretRef {
  orgId: string;
  /** Environment name, or null for the shared scope. */
  environment: string | null;
  name: string;
}

/** A rotation policy as stored; next-rotation dates are derived from it when presented. */
export interface RotationPolicy {
  intervalDays: number;
  notifyBeforeDays: number;
}

/** What a backend knows about a secret, never its value. Timestamps are RFC 3339 UTC. */
export interface StoredSecret extends SecretRef {
  /** 1 on creation, +1 on every value write. */
  version: number;
  createdAt: string;
  updatedAt: string;
  /** User id of the last value write. */
  updatedBy: string | null;
  rotation: RotationPolicy | null;
}

/** What a value write did. */
export interface PutOutcome {
  secret: StoredSecret;
  /** True for version 1 of a new secret. */
  created: boolean;
}

// Every mutating method takes who the change is for (a request's principal, checked again when the
// change is made: ../store.ts `check`) and the change's AuditOf (../audit.ts), and records that
// event with the change, never without it: `db` in the change's own SQLite transaction, a remote
// backend through a local write-ahead journal (./journal.ts).
export type { AuditOf } from '../audit.js';

/**
 * The values a run needs: each name looked up in the run's environment, then in the shared scope.
 * Held in memory only, for the run; `missing` lists the names found in neither, in order.
 */
export interface SecretResolution {
  values: Map<string, string>;
  missing: string[];
}

/** One health run: each check is `"ok"` or `"error: <reason>"` (never a value). */
export interface HealthReport {
  backend: string;
  checks: Record<string, string>;
}

/**
 * Storage for secret values and their metadata. Methods are async so network-backed stores fit.
 * A method may throw SecretIntegrityError (./crypto.ts) when it can tell a stored value is corrupt;
 * other failures are thrown as ordinary errors and answered with 500.
 */
export interface SecretsBackend {
  /** Short name shown by the health endpoint: `db`, `aws_secrets_manager`. */
  readonly name: string;
  /** Secrets of one scope, sorted by name. */
  list(orgId: string, environment: string | null): Promise<StoredSecret[]>;
  /**
   * Secrets of every scope an API call can name (the shared scope and the environments, never the
   * health probe's), sorted by environment (shared first), then name.
   */
  listAll(orgId: string): Promise<StoredSecret[]>;
  /** One secret's metadata, or null when absent. Backends that can, authenticate the value here. */
  getMeta(ref: SecretRef): Promise<StoredSecret | null>;
  /**
   * Create (version 1) or replace the value (version + 1), with its event; `created` tells which.
   * The new version is recorded as written by `by`'s user.
   */
  put(ref: SecretRef, value: string, by: ChangeAuthor, audit: AuditOf<PutOutcome>): Promise<PutOutcome>;
  /** Remove a secret, with its event; returns what was removed, or null (no event) when absent. */
  delete(ref: SecretRef, by: ChangeAuthor, audit: AuditOf<StoredSecret>): Promise<StoredSecret | null>;
  /** Set (or with null, remove) the rotation policy, with its event; null when the secret is absent. */
  setRotation(
    ref: SecretRef,
    rotation: RotationPolicy | null,
    by: ChangeAuthor,
    audit: AuditOf<StoredSecret>,
  ): Promise<StoredSecret | null>;
  /**
   * Get ready to resolve `names` for a run in `environment` (null: the shared scope only). The
   * returned function is called inside the run's transaction: `db` reads the values there, so the
   * run sees exactly the secrets of the moment it is stored; a remote store has fetched them by then.
   */
  prepareResolution(
    orgId: string,
    environment: string | null,
    names: readonly string[],
  ): Promise<() => SecretResolution>;
  /**
   * Exercise the store for one organization: list its shared scope (`list_secrets`) and write-once,
   * then read back an internal probe secret that no endpoint can see (`get_secret`). Never throws.
   */
  health(orgId: string): Promise<HealthReport>;
}

/** What the factory needs; each backend takes the parts it uses. */
export interface SecretsBackendSettings {
  /** SECRETS_BACKEND: `db` (default) or `aws_secrets_manager`. */
  backend?: string | undefined;
  /** The emulator's database (metadata, and for `db` the ciphertexts). */
  store: Store;
  /** The data dir (where `db` keeps a generated master key). */
  dataDir: string;
  /** Server environment: FIBONACCI_EMULATOR_MASTER_KEY, AWS_REGION, AWS_SECRETS_PREFIX. */
  env: Readonly<Record<string, string | undefined>>;
}

/** A backend that cannot start: the message names the variable and the fix. */
export class SecretsBackendConfigError extends Error {
  override name = 'SecretsBackendConfigError';
}

/**
 * The one place a backend is chosen. A backend that cannot start (unknown SECRETS_BACKEND, a
 * malformed master key) is a StartupRefusedError naming the variable and the fix.
 */
export async function createSecretsBackend(settings: SecretsBackendSettings): Promise<SecretsBackend> {
  try {
    return await chooseBackend(settings);
  } catch (e) {
    if (e instanceof SecretsBackendConfigError) {
      throw new StartupRefusedError([{ severity: 'fatal', variable: 'SECRETS_BACKEND', message: e.message }]);
    }
    if (e instanceof MasterKeyError) {
      throw new StartupRefusedError([
        {
          severity: 'fatal',
          variable: MASTER_KEY_ENV,
          message: e.message,
          ...(e.hint ? { hint: e.hint } : {}),
        },
      ]);
    }
    throw e;
  }
}

async function chooseBackend(settings: SecretsBackendSettings): Promise<SecretsBackend> {
  const kind = settings.backend === undefined || settings.backend === '' ? 'db' : settings.backend;
  if (kind === 'db') {
    const { createDbBackend } = await import('./db-backend.js');
    return createDbBackend(settings);
  }
  if (kind === 'aws_secrets_manager') {
    // The AWS backend loads the optional SDK itself and refuses clearly without it.
    const { createAwsBackend } = await import('./aws.js');
    return createAwsBackend(settings);
  }
  throw new SecretsBackendConfigError(
    `SECRETS_BACKEND must be db or aws_secrets_manager, not "${kind}"; unset it to use db`,
  );
}
