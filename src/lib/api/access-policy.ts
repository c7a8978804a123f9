/**
 * An organization's access policy (docs/authorization.md): read it, replace it at a version
 * (If-Match), and ask the server whether a member or role may do an action on a resource.
 * `fibonacci access …` calls these; src/emulator/routes/access.ts serves the same shapes.
 */
import type { Static } from '@sinclair/typebox';
import { type PolicyDocument, type StoredPolicy, StoredPolicySchema } from '../access-policy/schema.js';
import { CliError } from '../errors.js';
import { checked } from './check.js';
import { call, noMember, unknownRole, type ValidationItem, ValidationItems } from './orgs.js';
import { ErrorDetail, Type } from './shapes.js';
import type { ApiClient } from './types.js';

/** The policy as the server holds it, with its version. */
export async function accessPolicy(client: ApiClient, orgId: string): Promise<StoredPolicy> {
  const res = await call(client, 'GET', orgId, 'access-policy');
  return checked(StoredPolicySchema, res.data, res.label, res.requestId) as StoredPolicy;
}

export type PutOutcome =
  | { ok: true; policy: StoredPolicy }
  | { ok: false; problems: ValidationItem[] }
  | { ok: false; changed: StoredPolicy; requestId: string | undefined };

/** The lost update's error: someone else's change came first, nothing was overwritten. */
export function policyChanged(current: number, requestId?: string): CliError {
  return new CliError(
    'unexpected',
    `the policy changed since you looked (version ${current}); run access apply again`,
    { hint: '`fibonacci access show` shows the policy as it is now', requestId },
  );
}

/**
 * Replace the policy if it is still at `version` (If-Match). A 422's problems come back for the
 * caller to place in its file, a lost update (412) with the policy now in force (the caller
 * decides whether it is what it sent: a retried PUT whose first attempt landed is no conflict);
 * a lock-out (409) is an error in its words.
 */
export async function putAccessPolicy(
  client: ApiClient,
  orgId: string,
  doc: PolicyDocument,
  version: number,
): Promise<PutOutcome> {
  const headers = { 'if-match': `"${version}"` };
  const res = await call(client, 'PUT', orgId, 'access-policy', doc, {
    headers,
    okStatuses: [409, 412, 422],
  });
  const { requestId } = res;
  if (res.status === 422) {
    const items = checked(ValidationItems, res.data, res.label, requestId).detail;
    return {
      ok: false,
      problems: items.map((p) => ({ ...p, loc: p.loc[0] === 'body' ? p.loc.slice(1) : p.loc })),
    };
  }
  if (res.status === 412) return { ok: false, changed: await accessPolicy(client, orgId), requestId };
  if (res.status === 409)
    throw lockedOut(checked(ErrorDetail, res.data, res.label, requestId).detail, requestId);
  return { ok: true, policy: checked(StoredPolicySchema, res.data, res.label, requestId) as StoredPolicy };
}

/** The 409 of a policy that would block the caller: the address, the entry, plainly, and what to do. */
function lockedOut(detail: string, requestId: string | undefined): CliError {
  const address = /your own address (\S+)/.exec(detail)?.[1];
  if (address === undefined) return new CliError('usage', detail, { requestId, status: 409 });
  // The server names the entry as the API spells it (network.…); the file has it under security.
  const entry = /\((network\.[^)]*)\)/.exec(detail)?.[1];
  const by = entry ? ` by security.${entry}` : '';
  const message = `this policy would lock you out: your address ${address} (as the server sees it) would be blocked${by}`;
  return new CliError('usage', message, {
    hint: `add ${address} to security.network.ip_allowlist`,
    requestId,
    status: 409,
  });
}

export const CheckRequest = Type.Object(
  {
    action: Type.String({ description: 'read, write, execute or delete' }),
    resource: Type.String({ description: 'workflows/<name> or secrets/<environment or shared>/<NAME>' }),
    user_id: Type.Optional(Type.String({ description: 'ask for another member (admin, owner)' })),
    role: Type.Optional(Type.String({ description: 'ask for a role (admin, owner)' })),
  },
  { additionalProperties: false },
);
export const CheckAnswerSchema = Type.Object({
  allowed: Type.Boolean(),
  reason: Type.String(),
  decided_by: Type.String(),
  step: Type.String({ description: 'key, role or resource' }),
  role: Type.String(),
});
export type CheckQuestion = Static<typeof CheckRequest>;
export type CheckAnswer = Static<typeof CheckAnswerSchema>;

/** May they? The server's answer, with the rule that decided; an unknown --user is exit 12. */
export async function checkAccess(client: ApiClient, orgId: string, q: CheckQuestion): Promise<CheckAnswer> {
  const okStatuses = [...(q.user_id === undefined ? [] : [404]), ...(q.role === undefined ? [] : [422])];
  const res = await call(client, 'POST', orgId, 'access-policy', q, { sub: '/check', okStatuses });
  if (res.status === 404) throw noMember(q.user_id as string, orgId, res.requestId);
  if (res.status === 422) throw unknownRole(res, orgId);
  return checked(CheckAnswerSchema, res.data, res.label, res.requestId);
}
