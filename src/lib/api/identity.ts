/**
 * Identity (docs/api.md, `GET /api/v1/auth/me`): who a key belongs to and what it may do. `auth login` and
 * `auth status` show it, `org` commands take the organization from it, `workflow run` its scopes;
 * src/emulator/routes/auth.ts serves the same shape.
 */
import type { Static } from '@sinclair/typebox';
import { normalizeScopes } from '../scopes.js';
import { checked } from './check.js';
import { NullableString, NullableTimestamp, Scopes, Type, WorkflowPatterns } from './shapes.js';
import type { ApiClient } from './types.js';

// What the commands act on is required; what they only show (the key's name and dates) may be
// absent, and reads as null.
export const IdentitySchema = Type.Object({
  key_id: Type.String(),
  key_name: Type.Optional(NullableString),
  user_id: Type.String(),
  organization_id: Type.String(),
  role: Type.String({
    description: '`owner`, `admin`, `member`, `viewer`, or a custom role of the access policy',
  }),
  scopes: Scopes,
  workflows: WorkflowPatterns,
  created_at: Type.Optional(NullableTimestamp),
  expires_at: Type.Optional(NullableTimestamp),
});

/** The identity as the server sends it (scopes in either form). */
export type IdentityBody = Static<typeof IdentitySchema>;

/** The identity as the commands use it: scopes as a sorted list of granted names, whatever the form sent. */
export interface Identity extends Omit<IdentityBody, 'scopes' | 'key_name' | 'created_at' | 'expires_at'> {
  scopes: string[];
  key_name: string | null;
  created_at: string | null;
  expires_at: string | null;
}

const ME = '/api/v1/auth/me';

/** The identity behind the client's key. */
export async function me(client: ApiClient): Promise<Identity> {
  const res = await client.request('GET', ME);
  const identity = checked(IdentitySchema, res.data, `GET ${ME}`, res.requestId);
  return {
    ...identity,
    scopes: normalizeScopes(identity.scopes),
    key_name: identity.key_name ?? null,
    created_at: identity.created_at ?? null,
    expires_at: identity.expires_at ?? null,
  };
}
