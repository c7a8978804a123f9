import type { FastifyRequest } from 'fastify';
import { QUOTA_KEYS, type Quota, type QuotaKey } from '../lib/api/orgs.js';
import { type AuditOf, recordRefusal } from './audit.js';
import { ApiError } from './errors.js';
import { actorOf } from './pipeline.js';
import { type ChangeAuthor, parseJsonColumn, type Store } from './store.js';
import type { RouteContext } from './types.js';
import type { ValidationItem } from './validation.js';

// Organization quotas (docs/emulator.md "Quota and governance"): plan defaults, validated
// overrides, and the workflow_runs_per_hour limit enforced on execution.

export type Limits = Record<QuotaKey, number>;

/** Plan defaults. Organizations are on `pro` unless stated; an unknown plan gets pro's limits. */
export const PLAN_LIMITS: Readonly<Record<string, Limits>> = {
  free: { workflow_runs_per_hour: 100, concurrent_executions: 2, memory_mb: 1024 },
  pro: { workflow_runs_per_hour: 1000, concurrent_executions: 10, memory_mb: 4096 },
  enterprise: { workflow_runs_per_hour: 10_000, concurrent_executions: 100, memory_mb: 16_384 },
};
/** An override may be at most this many times the plan default (exactly 100× is allowed). */
export const CEILING_FACTOR = 100;

/** lib/api/orgs.ts's Quota, with every limit of a plan known to be there. */
export type QuotaView = Quota & { limits: Limits; overrides: Partial<Limits>; effective: Limits };

/** An override the server ignored: the plan default applies to that field. */
export interface Discarded {
  field: QuotaKey;
  value: unknown;
  reason: 'negative' | 'not a number' | 'not a whole number';
}

interface OrgQuotaRow {
  plan: string;
  quota_overrides: string;
}

function limitsFor(plan: string): Limits {
  return PLAN_LIMITS[plan] ?? (PLAN_LIMITS.pro as Limits);
}

/** The organization's quota, or undefined when it does not exist. */
export function readQuota(store: Store, orgId: string): QuotaView | undefined {
  const row = store.prepare('SELECT plan, quota_overrides FROM organizations WHERE id = ?').get(orgId) as
    | OrgQuotaRow
    | undefined;
  if (!row) return undefined;
  const limits = limitsFor(row.plan);
  const stored = parseJsonColumn<Record<string, unknown>>(row.quota_overrides, {});
  const overrides: Partial<Limits> = {};
  for (const k of QUOTA_KEYS) if (typeof stored[k] === 'number') overrides[k] = stored[k] as number;
  return { plan: row.plan, limits, overrides, effective: { ...limits, ...overrides } };
}

function discardReason(value: unknown): Discarded['reason'] | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'not a number';
  if (value < 0) return 'negative';
  if (!Number.isInteger(value)) return 'not a whole number';
  return undefined;
}

/** Overrides applied: the new quota, what was set and what was discarded. */
export interface OverridesSet {
  ok: true;
  quota: QuotaView;
  set: Partial<Limits>;
  discarded: Discarded[];
}

export type OverrideOutcome = OverridesSet | { ok: false; errors: ValidationItem[] };

/**
 * Apply a PATCH of overrides (keys already checked against QUOTA_KEYS by the route schema), with
 * the event `audit` builds, in one transaction. Negative or non-numeric values are discarded, which
 * also clears that field's earlier override; a value above 100× the plan default rejects the whole
 * request and changes nothing.
 */
export function applyOverrides(
  store: Store,
  by: ChangeAuthor,
  orgId: string,
  body: Record<string, unknown>,
  audit: AuditOf<OverridesSet>,
): OverrideOutcome {
  return store.mutate(by, (work): OverrideOutcome => {
    const current = readQuota(store, orgId);
    if (!current) throw new ApiError(404, 'organization not found');
    const next: Partial<Limits> = { ...current.overrides };
    const set: Partial<Limits> = {};
    const discarded: Discarded[] = [];
    const errors: ValidationItem[] = [];
    for (const field of QUOTA_KEYS) {
      if (!(field in body)) continue;
      const value = body[field];
      const reason = discardReason(value);
      if (reason) {
        discarded.push({ field, value, reason });
        delete next[field];
        continue;
      }
      const ceiling = current.limits[field] * CEILING_FACTOR;
      if ((value as number) > ceiling) {
        errors.push({
          loc: ['body', field],
          msg: `${value} is above the ceiling ${ceiling} (${CEILING_FACTOR}× the ${current.plan} plan default ${current.limits[field]})`,
          type: 'less_than_equal',
        });
        continue;
      }
      next[field] = value as number;
      set[field] = value as number;
    }
    if (errors.length > 0) return { ok: false, errors };
    store
      .prepare('UPDATE organizations SET quota_overrides = ? WHERE id = ?')
      .run(JSON.stringify(next), orgId);
    const outcome: OverridesSet = { ok: true, quota: readQuota(store, orgId) as QuotaView, set, discarded };
    work.record(audit(outcome));
    return outcome;
  });
}

const HOUR_MS = 3_600_000;

/**
 * Enforce the effective workflow_runs_per_hour before a run starts: over it, record
 * `quota.exceeded` and throw 429 with Retry-After (seconds until the oldest run in the last hour
 * leaves the window). Call it from the execute handler, in the transaction that stores the run.
 */
export function checkRunQuota(ctx: RouteContext, orgId: string, request?: FastifyRequest): void {
  const quota = readQuota(ctx.store, orgId);
  if (!quota) return;
  const limit = quota.effective.workflow_runs_per_hour;
  const now = ctx.now().getTime();
  const since = new Date(now - HOUR_MS).toISOString();
  const row = ctx.store
    .prepare(
      `SELECT count(*) AS n, min(r.started_at) AS oldest FROM runs r JOIN workflows w ON w.id = r.workflow_id
       WHERE w.org_id = ? AND r.started_at > ?`,
    )
    .get(orgId, since) as { n: number; oldest: string | null };
  if (row.n < limit) return;
  const oldest = row.oldest ? Date.parse(row.oldest) : now;
  const retryAfter = limit === 0 ? 3600 : Math.max(1, Math.ceil((oldest + HOUR_MS - now) / 1000));
  recordRefusal(ctx.store, {
    // The organization charged; the metadata below replaces the actor's (no api_key_id, as ever).
    ...(request ? actorOf(request) : {}),
    org_id: orgId,
    event_type: 'quota.exceeded',
    status: 'denied',
    action: 'execute',
    metadata: { quota: 'workflow_runs_per_hour', limit, runs_last_hour: row.n, retry_after: retryAfter },
  });
  throw new ApiError(429, `workflow_runs_per_hour quota of ${limit} reached; retry in ${retryAfter} s`, {
    'retry-after': String(retryAfter),
  });
}
