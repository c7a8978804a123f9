/**
 * An organization's settings (docs/emulator.md "Quota and governance"): quota and governance,
 * read by admins, changed by owners. `fibonacci org …` calls these; src/emulator/routes/org.ts serves
 * the same shapes (members and the access policy: routes/members.ts and routes/access.ts). The access
 * policy's calls are in ./access-policy.ts.
 */
import type { Static } from '@sinclair/typebox';
import { CliError } from '../errors.js';
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

type Setting = 'quota' | 'governance' | 'members' | 'access-policy';

/** One call to an organization's setting, with this resource's 404 ("no quota for organization …"). */
export async function call(
  client: ApiClient,
  method: HttpMethod,
  orgId: string,
  what: Setting,
  body?: unknown,
  extra: { sub?: string; headers?: Record<string, string>; okStatuses?: number[] } = {},
): Promise<ApiResponse<unknown> & { label: string }> {
  const path = `/api/v1/organizations/${segment(orgId, 'organization id')}/${what}${extra.sub ?? ''}`;
  try {
    const res = await client.request(method, path, {
      ...(body === undefined ? {} : { body }),
      ...(extra.headers ? { headers: extra.headers } : {}),
      ...(extra.okStatuses ? { okStatuses: extra.okStatuses } : {}),
    });
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

export const MemberSchema = Type.Object({
  user_id: Type.String(),
  name: Type.String(),
  role: Type.String({
    description: 'the role the member is decided as (a removed custom role shows default_role)',
  }),
  created_at: Type.String({ format: 'date-time' }),
});
export const MemberListSchema = Type.Object({ members: Type.Array(MemberSchema) });
export const RoleChange = Type.Object({ role: Type.String() }, { additionalProperties: false });
export type Member = Static<typeof MemberSchema>;

/** The organization's members and the roles they are decided as. */
export async function members(client: ApiClient, orgId: string): Promise<Member[]> {
  const res = await call(client, 'GET', orgId, 'members');
  return checked(MemberListSchema, res.data, res.label, res.requestId).members;
}

/** Give a member another role; a user who is no member of the organization is exit 12. */
export async function setMemberRole(
  client: ApiClient,
  orgId: string,
  userId: string,
  role: string,
): Promise<Member> {
  const sub = `/${segment(userId, 'user id')}`;
  const res = await call(client, 'PATCH', orgId, 'members', { role }, { sub, okStatuses: [404, 422] });
  if (res.status === 404) throw noMember(userId, orgId, res.requestId);
  if (res.status === 422) throw unknownRole(res, orgId);
  return checked(MemberSchema, res.data, res.label, res.requestId);
}

/** A 422 about the role: the server's words without the loc, and where the roles are listed. */
export function unknownRole(res: ApiResponse<unknown> & { label: string }, orgId: string): CliError {
  const items = checked(ValidationItems, res.data, res.label, res.requestId).detail;
  return new CliError('usage', items.map((p) => p.msg).join('; ') || `no such role in ${orgId}`, {
    hint: '`fibonacci access show` lists the custom roles; the built-in ones are owner, admin, member, viewer',
    requestId: res.requestId,
  });
}

export function noMember(userId: string, orgId: string, requestId: string | undefined): CliError {
  return new CliError('not_found', `no member ${userId} in organization ${orgId}`, {
    hint: '`fibonacci org members` lists the user ids',
    requestId,
  });
}

/** One problem of a 422, as the API lists them: where (`loc`, after `body`) and what. */
export const ValidationItems = Type.Object({
  detail: Type.Array(
    Type.Object({ loc: Type.Array(Type.Union([Type.String(), Type.Integer()])), msg: Type.String() }),
  ),
});
export type ValidationItem = Static<typeof ValidationItems>['detail'][number];
