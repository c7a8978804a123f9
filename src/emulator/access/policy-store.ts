import { type CompiledPolicy, compilePolicy } from '../../lib/access-policy/decide.js';
import { emptyPolicy, type Policy, type StoredPolicy } from '../../lib/access-policy/schema.js';
import type { ChangeEventInput } from '../audit.js';
import { type ChangeAuthor, parseJsonColumn, type Store } from '../store.js';

// The organization's access policy, versioned: one row per version (so the history stays), the
// highest is in force. A PUT is one IMMEDIATE transaction with its audit event, so a crash leaves
// the old version or the new one with its event, never a mix.

interface PolicyRow {
  version: number;
  document: string;
  updated_at: string;
  updated_by: string | null;
}

const CURRENT = `SELECT version, document, updated_at, updated_by FROM access_policies
  WHERE org_id = ? ORDER BY version DESC LIMIT 1`;

function stored(row: PolicyRow | undefined): StoredPolicy {
  if (!row) return { version: 0, updated_at: null, updated_by: null, ...emptyPolicy() };
  const policy = parseJsonColumn<Policy>(row.document, emptyPolicy());
  return { version: row.version, updated_at: row.updated_at, updated_by: row.updated_by, ...policy };
}

/** The policy in force for an organization: version 0 (rules off, nothing custom) before any PUT. */
export function readPolicy(store: Store, orgId: string): StoredPolicy {
  return stored(store.prepare(CURRENT).get(orgId) as PolicyRow | undefined);
}

/** The policy part of a stored one (without version and who set it). */
export function policyOf(s: StoredPolicy): Policy {
  return { access_control: s.access_control, network: s.network };
}

const compiledByStore = new WeakMap<Store, Map<string, { version: number; compiled: CompiledPolicy }>>();

/**
 * The policy in force, compiled, for deciding a request: recompiled only when its version moved
 * (one indexed lookup per request otherwise), so a PUT through any process takes effect at once.
 */
export function currentPolicy(store: Store, orgId: string): CompiledPolicy {
  const cache = compiledByStore.get(store) ?? new Map();
  compiledByStore.set(store, cache);
  const latest = store
    .prepare('SELECT MAX(version) AS version FROM access_policies WHERE org_id = ?')
    .get(orgId) as {
    version: number | null;
  };
  const version = latest.version ?? 0;
  const hit = cache.get(orgId);
  if (hit && hit.version === version) return hit.compiled;
  const current = readPolicy(store, orgId);
  const compiled = compilePolicy(policyOf(current));
  cache.set(orgId, { version: current.version, compiled });
  return compiled;
}

export type PutOutcome =
  | { status: 'stored' | 'unchanged'; before: StoredPolicy; after: StoredPolicy }
  | { status: 'conflict'; current: number };

/**
 * Store `policy` as the organization's next version, with the audit event `event` makes of the
 * change, in one transaction. `ifMatch`: the version the caller last saw (conflict when another
 * change came first). A policy equal to the one in force stores nothing (a retried PUT is no change).
 */
export function putPolicy(
  store: Store,
  orgId: string,
  policy: Policy,
  opts: {
    ifMatch?: number;
    /** Who asks: checked again inside the transaction (store.mutate). */
    author: ChangeAuthor;
    userId: string;
    event: (before: StoredPolicy, after: StoredPolicy) => ChangeEventInput;
  },
): PutOutcome {
  return store.mutate(opts.author, (work): PutOutcome => {
    const before = readPolicy(store, orgId);
    if (opts.ifMatch !== undefined && opts.ifMatch !== before.version) {
      return { status: 'conflict', current: before.version };
    }
    if (JSON.stringify(policyOf(before)) === JSON.stringify(policy))
      return { status: 'unchanged', before, after: before };
    const row: PolicyRow = {
      version: before.version + 1,
      document: JSON.stringify(policy),
      updated_at: store.nowIso(),
      updated_by: opts.userId,
    };
    store
      .prepare(
        `INSERT INTO access_policies (org_id, version, document, updated_at, updated_by)
         VALUES (@org_id, @version, @document, @updated_at, @updated_by)`,
      )
      .run({ ...row, org_id: orgId });
    const after = stored(row);
    work.record(opts.event(before, after));
    return { status: 'stored', before, after };
  });
}
