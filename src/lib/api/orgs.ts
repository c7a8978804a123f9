/**
 * An organization's settings (api.md "Organization governance and quota"): quota and governance,
 * read by admins, changed by owners. `fibonacci org …` calls these; src/emulator/routes/org.ts serves
 * the same shapes. Members and the access policy belong here too, with their shapes, when the
 * commands that use them arrive.
 */
import type { Static } from '@sinclair/typebox';
import { QUOTA_KEYS } from '../validate.js';
import { checked } from './check.js';
import { notFound, rephrase } from './rephrase.js';
import { segment } from './segment.js';
import { Dictionary, NullableInput, Type } from './shapes.js';
import type { ApiClient, ApiResponse, HttpMethod } from './types.js';

export { QUOTA_KEYS, type QuotaKey } from '../validate.js';

const Limits = Dictionary(Type.Integer(), {
  description: `limit → value: ${QUOTA_KEYS.join(', ')}`,
});

export const QuotaSchema = Type.Object({
  plan: Type.String(),
  limits: Limits,
  overrides: Limits,
  effective: Limits,
  discarded: Type.Optional(
    Type.Array(Type.Object({ field: Type.String(), value: Type.Unknown(), reason: Type.String() }), {
      description: 'PATCH only: overrides ignored (negative or non-numeric); the plan default applies',
    }),
  ),
});

// Any JSON value per field, so that a negative or non-numeric one is discarded (as the platform
// does) rather than refused; an unknown field is still a 422.
const override = () =>
  Type.Optional(Type.Unknown({ description: 'a whole number ≥ 0, at most 100× the plan default' }));
export const QuotaPatch = Type.Object(
  { workflow_runs_per_hour: override(), concurrent_executions: override(), memory_mb: override() },
  { additionalProperties: false },
);

export const GovernanceSchema = Type.Object({
  require_approval_for_external_comm: Type.Boolean(),
  require_approval_for_public_writes: Type.Boolean(),
  require_approval_for_permission_changes: Type.Boolean(),
  allow_self_approval: Type.Boolean(),
  approval_threshold: Type.Integer({ description: 'approvals a gated action needs' }),
  category_flags: Dictionary(Type.Boolean(), { description: 'category name → enabled' }),
});

/** A partial update: any subset of the fields; category_flags merges, a null flag removes it. */
export const GovernancePatch = Type.Object(
  {
    require_approval_for_external_comm: Type.Optional(Type.Boolean()),
    require_approval_for_public_writes: Type.Optional(Type.Boolean()),
    require_approval_for_permission_changes: Type.Optional(Type.Boolean()),
    allow_self_approval: Type.Optional(Type.Boolean()),
    approval_threshold: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    category_flags: Type.Optional(
      Dictionary(NullableInput(Type.Boolean()), {
        propertyNames: { pattern: '^[a-z][a-z0-9_]{0,63}$' },
        description: 'category name → enabled; null removes the flag',
      }),
    ),
  },
  { additionalProperties: false },
);

export type Quota = Static<typeof QuotaSchema>;
export type QuotaOverrides = Static<typeof QuotaPatch>;
export type Governance = Static<typeof GovernanceSchema>;
export type GovernanceUpdate = Static<typeof GovernancePatch>;

type Setting = 'quota' | 'governance';

/** One call to an organization's setting, with this resource's 404 ("no quota for organization …"). */
async function call(
  client: ApiClient,
  method: HttpMethod,
  orgId: string,
  what: Setting,
  body?: unknown,
): Promise<ApiResponse<unknown> & { label: string }> {
  const path = `/api/v1/organizations/${segment(orgId, 'organization id')}/${what}`;
  try {
    const res = await client.request(method, path, body === undefined ? {} : { body });
    return { ...res, label: `${method} ${path}` };
  } catch (e) {
    rephrase(e, notFound, 'unexpected', `this server has no ${what} for organization ${orgId}`, {
      hint: 'is FIBONACCI_BASE_URL a Fibonacci API with organization settings?',
    });
  }
}

/** Plan defaults, overrides and the effective limits. */
export async function quota(client: ApiClient, orgId: string): Promise<Quota> {
  const res = await call(client, 'GET', orgId, 'quota');
  return checked(QuotaSchema, res.data, res.label, res.requestId);
}

/** Set overrides; the answer lists those the server discarded (`discarded`). */
export async function setQuota(client: ApiClient, orgId: string, overrides: QuotaOverrides): Promise<Quota> {
  const res = await call(client, 'PATCH', orgId, 'quota', overrides);
  return checked(QuotaSchema, res.data, res.label, res.requestId);
}

/** The approval settings. */
export async function governance(client: ApiClient, orgId: string): Promise<Governance> {
  const res = await call(client, 'GET', orgId, 'governance');
  return checked(GovernanceSchema, res.data, res.label, res.requestId);
}

/** A partial update of the approval settings; the settings after it. */
export async function setGovernance(
  client: ApiClient,
  orgId: string,
  change: GovernanceUpdate,
): Promise<Governance> {
  const res = await call(client, 'PATCH', orgId, 'governance', change);
  return checked(GovernanceSchema, res.data, res.label, res.requestId);
}
