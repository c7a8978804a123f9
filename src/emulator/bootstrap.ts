import { existsSync } from 'node:fs';
import { BUILTIN_ROLES } from '../lib/access-policy/names.js';
import { isBuiltinRole, roleDefined } from '../lib/access-policy/roles.js';
import { policyOf, readPolicy } from './access/policy-store.js';
import { createApiKey, createOrganization, createUser, defaultOrganization } from './accounts.js';
import { checkDataDir } from './data-dir-trust.js';
import { type DataPaths, dataPaths, writeDataFile } from './files.js';
import { openStore, type Store, type StoreOptions } from './store.js';
import type { Role } from './types.js';

/** Scopes a new key gets by default for its user's role. */
export const DEFAULT_SCOPES: Readonly<Record<Role, readonly string[]>> = {
  owner: ['read', 'write', 'execute', 'delete', 'admin'],
  admin: ['read', 'write', 'execute', 'delete'],
  member: ['read', 'write', 'execute'],
  viewer: ['read'],
};

/** Workflow patterns a new key gets by default: every workflow (`**` crosses `/`, `*` does not). */
export const DEFAULT_WORKFLOWS: readonly string[] = ['**'];

/**
 * On an empty database, create the organization, its owner and the owner's API key, and write the
 * key to `<dataDir>/owner-key` (0600). Returns the key when it was created now, else undefined.
 * The file is written inside the transaction, before the commit: a crash can leave a key file
 * without a database row (the next start makes a new one), never a row whose key is lost.
 */
export function bootstrapIfEmpty(store: Store, paths: DataPaths): string | undefined {
  return store.transaction(() => {
    if (defaultOrganization(store)) return undefined;
    const org = createOrganization(store, { name: 'Emulator Organization', plan: 'pro' });
    const owner = createUser(store, { orgId: org.id, role: 'owner', name: 'owner' });
    const { key } = createApiKey(store, {
      orgId: org.id,
      userId: owner.id,
      name: 'owner',
      scopes: DEFAULT_SCOPES.owner,
      workflows: DEFAULT_WORKFLOWS,
    });
    writeDataFile(paths.ownerKey, `${key}\n`);
    return key;
  });
}

export interface AddUserOptions {
  /** A built-in role, or a custom role of the organization's current access policy. */
  role: string;
  superuser?: boolean;
  /** The key's name (and the user's). */
  name?: string;
  /** Scopes for the key; the role's defaults when absent or empty. */
  scopes?: readonly string[];
  /** Workflow patterns for the key; every workflow when absent or empty. */
  workflows?: readonly string[];
  expiresAt?: string | null;
}

/** Thrown when add-user names a role that is neither built-in nor in the access policy. */
export class UnknownRoleError extends Error {
  constructor(
    readonly role: string,
    readonly known: readonly string[],
  ) {
    super(`role "${role}" is not defined`);
    this.name = 'UnknownRoleError';
  }
}

/** Thrown when a data dir has no emulator database yet. */
export class NoEmulatorDataError extends Error {
  constructor(readonly dataDir: string) {
    super(`no emulator data in ${dataDir}`);
    this.name = 'NoEmulatorDataError';
  }
}

/**
 * Open the database of a data dir an emulator has already started on, for out-of-band writes (add-user,
 * seed-audit); NoEmulatorDataError when there is none yet, rather than creating an empty one, and
 * UntrustedDataDirError for a dir another user could have planted files in.
 */
export function openExistingStore(dataDir: string, options: Omit<StoreOptions, 'mustExist'> = {}): Store {
  if (!existsSync(dataDir)) throw new NoEmulatorDataError(dataDir);
  // The same trust as at start: SQLite would follow a link planted at emulator.db-wal here too.
  const { db } = dataPaths(checkDataDir(dataDir));
  if (!existsSync(db)) throw new NoEmulatorDataError(dataDir);
  return openStore(db, { ...options, mustExist: true });
}

/**
 * Add a user with one API key straight to a data dir's database and return the key. Safe while an
 * emulator runs on the same data dir (WAL mode; the write waits on the busy timeout).
 * Deliberately not audited: it seeds the emulator out of band, like a fixture, not through the API.
 */
export function addUser(
  dataDir: string,
  options: AddUserOptions,
): { key: string; userId: string; keyId: string } {
  const store = openExistingStore(dataDir);
  try {
    return store.transaction(() => {
      const org = defaultOrganization(store);
      if (!org) throw new NoEmulatorDataError(dataDir);
      const policy = policyOf(readPolicy(store, org.id));
      if (!roleDefined(policy, options.role)) {
        const custom = policy.access_control.roles.map((r) => r.name);
        throw new UnknownRoleError(options.role, [...BUILTIN_ROLES, ...custom]);
      }
      // A custom role's key gets the role's permissions as its scopes unless told otherwise.
      const defaults = isBuiltinRole(options.role)
        ? DEFAULT_SCOPES[options.role]
        : (policy.access_control.roles.find((r) => r.name === options.role)?.permissions ?? []);
      const name = options.name ?? options.role;
      const user = createUser(store, {
        orgId: org.id,
        role: options.role,
        isSuperuser: options.superuser === true,
        name,
      });
      const { key, row } = createApiKey(store, {
        orgId: org.id,
        userId: user.id,
        name,
        scopes: options.scopes?.length ? options.scopes : defaults,
        workflows: options.workflows?.length ? options.workflows : DEFAULT_WORKFLOWS,
        expiresAt: options.expiresAt ?? null,
      });
      return { key, userId: user.id, keyId: row.id };
    });
  } finally {
    store.close();
  }
}
