import type { AuditOf } from './audit.js';
import { ApiError } from './errors.js';
import { type ChangeAuthor, parseJsonColumn, type Store } from './store.js';

// Organization governance settings (api.md "Organization governance and quota").

/** api.md's governance fields. */
export interface Governance {
  require_approval_for_external_comm: boolean;
  require_approval_for_public_writes: boolean;
  require_approval_for_permission_changes: boolean;
  allow_self_approval: boolean;
  /** Approvals a gated action needs. */
  approval_threshold: number;
  /** Per-category switches (e.g. `finance: true`). */
  category_flags: Record<string, boolean>;
}

/** A new organization's governance: everything gated, no self-approval, one approver. */
export const GOVERNANCE_DEFAULTS: Readonly<Governance> = {
  require_approval_for_external_comm: true,
  require_approval_for_public_writes: true,
  require_approval_for_permission_changes: true,
  allow_self_approval: false,
  approval_threshold: 1,
  category_flags: {},
};

const categoryFlags = {
  type: 'object',
  propertyNames: { pattern: '^[a-z][a-z0-9_]{0,63}$' },
  additionalProperties: { type: 'boolean' },
  description: 'category name → enabled',
} as const;

/** The governance body a GET and PATCH return. */
export const governanceSchema = {
  type: 'object',
  properties: {
    require_approval_for_external_comm: { type: 'boolean' },
    require_approval_for_public_writes: { type: 'boolean' },
    require_approval_for_permission_changes: { type: 'boolean' },
    allow_self_approval: { type: 'boolean' },
    approval_threshold: { type: 'integer', minimum: 1, maximum: 100 },
    category_flags: categoryFlags,
  },
  required: Object.keys(GOVERNANCE_DEFAULTS),
} as const;

/** A PATCH: any subset of the fields; category_flags merges, a null flag removes it. */
export const governancePatchSchema = {
  type: 'object',
  properties: {
    ...governanceSchema.properties,
    category_flags: { ...categoryFlags, additionalProperties: { type: ['boolean', 'null'] } },
  },
  additionalProperties: false,
} as const;

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
  patch: Partial<Omit<Governance, 'category_flags'>> & { category_flags?: Record<string, boolean | null> },
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
