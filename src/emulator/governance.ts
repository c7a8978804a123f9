import type { Governance, GovernanceUpdate } from '../lib/api/orgs.js';
import type { AuditOf } from './audit.js';
import { ApiError } from './errors.js';
import { type ChangeAuthor, parseJsonColumn, type Store } from './store.js';

// Organization governance settings (docs/emulator.md "Quota and governance"); the shapes are
// lib/api/orgs.ts's.

/** A new organization's governance: everything gated, no self-approval, one approver. */
export const GOVERNANCE_DEFAULTS: Readonly<Governance> = {
  require_approval_for_external_comm: true,
  require_approval_for_public_writes: true,
  require_approval_for_permission_changes: true,
  allow_self_approval: false,
  approval_threshold: 1,
  category_flags: {},
};

/** The organization's governance, or undefined when it does not exist. */
export function readGovernance(store: Store, orgId: string): Governance | undefined {
  const row = store.prepare('SELECT governance FROM organizations WHERE id = ?').get(orgId) as
    | { governance: string }
    | undefined;
  if (!row) return undefined;
  const stored = parseJsonColumn<Partial<Governance>>(row.governance, {});
  return { ...GOVERNANCE_DEFAULTS, ...stored, category_flags: { ...(stored.category_flags ?? {}) } };
}

/** A governance PATCH's result: the settings now, and the changed fields before and after. */
export interface GovernanceChange {
  governance: Governance;
  before: Partial<Governance>;
  after: Partial<Governance>;
}

/**
 * Apply a validated PATCH with the event `audit` builds, in one transaction; a PATCH that changes
 * nothing writes nothing and records nothing.
 */
export function updateGovernance(
  store: Store,
  by: ChangeAuthor,
  orgId: string,
  patch: GovernanceUpdate,
  audit: AuditOf<GovernanceChange>,
): GovernanceChange {
  return store.mutate(by, (work) => {
    const current = readGovernance(store, orgId);
    if (!current) throw new ApiError(404, 'organization not found');
    const next: Governance = { ...current, category_flags: { ...current.category_flags } };
    for (const [k, v] of Object.entries(patch)) {
      if (k === 'category_flags') {
        for (const [flag, on] of Object.entries(v as Record<string, boolean | null>)) {
          if (on === null) delete next.category_flags[flag];
          else next.category_flags[flag] = on;
        }
      } else (next as unknown as Record<string, unknown>)[k] = v;
    }
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const k of Object.keys(GOVERNANCE_DEFAULTS) as Array<keyof Governance>) {
      if (JSON.stringify(current[k]) !== JSON.stringify(next[k])) {
        before[k] = current[k];
        after[k] = next[k];
      }
    }
    const change: GovernanceChange = {
      governance: next,
      before: before as Partial<Governance>,
      after: after as Partial<Governance>,
    };
    if (Object.keys(after).length === 0) return change;
    store.prepare('UPDATE organizations SET governance = ? WHERE id = ?').run(JSON.stringify(next), orgId);
    work.record(audit(change));
    return change;
  });
}
