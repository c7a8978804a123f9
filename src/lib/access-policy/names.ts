// The access policy's vocabulary: roles, permissions, resource kinds and actions. Kept apart from
// the TypeBox schema so that command declarations can use it without loading TypeBox.

/** Built-in organization roles, highest first. */
export const BUILTIN_ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export type BuiltinRole = (typeof BUILTIN_ROLES)[number];

/** What a custom role may list (the coarse scope names; `admin` implies the others). */
export const PERMISSIONS = ['read', 'write', 'execute', 'delete', 'admin'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** The actions resource rules name, per resource kind. */
export const RESOURCE_ACTIONS = {
  workflows: ['read', 'write', 'execute', 'delete'],
  secrets: ['read', 'write', 'delete'],
} as const;
export type ResourceKind = keyof typeof RESOURCE_ACTIONS;
export const RESOURCE_KINDS = Object.keys(RESOURCE_ACTIONS) as ResourceKind[];
export type Action = (typeof RESOURCE_ACTIONS)[ResourceKind][number];

/** A custom role's name: the API's rule (and never a built-in one, which validation checks). */
export const ROLE_NAME = /^[a-z][a-z0-9-]{0,31}$/;
export const ROLE_NAME_RULE =
  'lowercase letters, digits and -, starting with a letter, at most 32 characters';

/** The role members fall back to when none is set: the least privileged. */
export const DEFAULT_ROLE: BuiltinRole = 'viewer';
