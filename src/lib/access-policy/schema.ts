import type { Static } from '@sinclair/typebox';
import { Type } from '../api/shapes.js';
import { type Action, DEFAULT_ROLE, PERMISSIONS, ROLE_NAME_RULE } from './names.js';

// The organization's access policy, defined once: the TypeScript types, the emulator's route
// schemas and the OpenAPI document all come from these TypeBox definitions. The document is the
// `access_control` and `security.network` blocks of fibonacci.yaml, as the API stores them (the
// network block travels as top-level `network`).

/** Bounds that keep one document (and the work of deciding by it) small. */
export const LIMITS = { roles: 100, patterns: 500, rulesPerAction: 100, networkEntries: 1000 } as const;

const RoleRef = Type.Object({ role: Type.String() }, { additionalProperties: false });
const RuleList = Type.Array(RoleRef, { maxItems: LIMITS.rulesPerAction, description: 'roles allowed' });

const rules = Type.Optional(RuleList);
// Written out rather than mapped from RESOURCE_ACTIONS, so that the static types keep the keys.
const WorkflowActions = Type.Object(
  { read: rules, write: rules, execute: rules, delete: rules },
  { additionalProperties: false },
);
const SecretActions = Type.Object(
  { read: rules, write: rules, delete: rules },
  { additionalProperties: false },
);
const PermissionSchema = Type.Union([
  Type.Literal('read'),
  Type.Literal('write'),
  Type.Literal('execute'),
  Type.Literal('delete'),
  Type.Literal('admin'),
]);

export const CustomRoleSchema = Type.Object(
  {
    name: Type.String({ description: ROLE_NAME_RULE }),
    permissions: Type.Array(PermissionSchema, { maxItems: PERMISSIONS.length * 2 }),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);

const ResourcesSchema = Type.Object(
  {
    workflows: Type.Optional(
      Type.Record(Type.String(), WorkflowActions, {
        maxProperties: LIMITS.patterns,
        description: 'workflow-name glob → action → roles',
      }),
    ),
    secrets: Type.Optional(
      Type.Record(Type.String(), SecretActions, {
        maxProperties: LIMITS.patterns,
        description: '`NAME_GLOB` or `ENV/NAME_GLOB` → action → roles',
      }),
    ),
  },
  { additionalProperties: false },
);

const AccessControlSchema = Type.Object(
  {
    enabled: Type.Boolean({ description: 'whether resource rules apply' }),
    default_role: Type.Optional(Type.String({ description: 'the role of a member whose role is gone' })),
    roles: Type.Optional(Type.Array(CustomRoleSchema, { maxItems: LIMITS.roles })),
    resources: Type.Optional(ResourcesSchema),
  },
  { additionalProperties: false },
);

const AddressList = Type.Array(Type.String(), {
  maxItems: LIMITS.networkEntries,
  description: 'IPv4 or IPv6 addresses and CIDR ranges',
});

const NetworkSchema = Type.Object(
  { ip_allowlist: Type.Optional(AddressList), ip_blocklist: Type.Optional(AddressList) },
  { additionalProperties: false },
);

/** What `PUT …/access-policy` takes: the whole policy, without `version`. */
export const PolicyDocumentSchema = Type.Object(
  { access_control: Type.Optional(AccessControlSchema), network: Type.Optional(NetworkSchema) },
  { additionalProperties: false },
);
export type PolicyDocument = Static<typeof PolicyDocumentSchema>;
export type CustomRole = Static<typeof CustomRoleSchema>;
export type RoleRule = Static<typeof RoleRef>;
/** Action → roles, for one pattern. */
export type ActionRules = Partial<Record<Action, RoleRule[]>>;

/** A valid document with every default filled in: what the server stores and decides by. */
export interface Policy {
  access_control: {
    enabled: boolean;
    default_role: string;
    roles: CustomRole[];
    resources: { workflows: Record<string, ActionRules>; secrets: Record<string, ActionRules> };
  };
  network: { ip_allowlist: string[]; ip_blocklist: string[] };
}

/** What `GET …/access-policy` answers: the policy and its version (0 before any was set). */
export const StoredPolicySchema = Type.Object({
  version: Type.Integer({ minimum: 0 }),
  updated_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  updated_by: Type.Union([Type.String(), Type.Null()]),
  access_control: Type.Object({
    enabled: Type.Boolean(),
    default_role: Type.String(),
    roles: Type.Array(CustomRoleSchema),
    resources: Type.Object({
      workflows: Type.Record(Type.String(), WorkflowActions),
      secrets: Type.Record(Type.String(), SecretActions),
    }),
  }),
  network: Type.Object({ ip_allowlist: Type.Array(Type.String()), ip_blocklist: Type.Array(Type.String()) }),
});
export type StoredPolicy = Policy & { version: number; updated_at: string | null; updated_by: string | null };

/** The policy in force before any was set: nothing beyond the built-in roles, no network rules. */
export function emptyPolicy(): Policy {
  return {
    access_control: {
      enabled: false,
      default_role: DEFAULT_ROLE,
      roles: [],
      resources: { workflows: {}, secrets: {} },
    },
    network: { ip_allowlist: [], ip_blocklist: [] },
  };
}

/** A valid document with its defaults filled in (call after validation). */
export function normalizePolicy(doc: PolicyDocument): Policy {
  const ac = doc.access_control;
  return {
    access_control: {
      enabled: ac?.enabled ?? false,
      default_role: ac?.default_role ?? DEFAULT_ROLE,
      roles: (ac?.roles ?? []).map((r) => ({
        name: r.name,
        permissions: [...new Set(r.permissions)],
        ...(r.description === undefined ? {} : { description: r.description }),
      })),
      resources: { workflows: ac?.resources?.workflows ?? {}, secrets: ac?.resources?.secrets ?? {} },
    },
    network: { ip_allowlist: doc.network?.ip_allowlist ?? [], ip_blocklist: doc.network?.ip_blocklist ?? [] },
  };
}
