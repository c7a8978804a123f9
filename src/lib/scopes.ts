// Scope names and matching, shared by the CLI and the emulator. Pure: no Node-specific imports.

/** Coarse scopes: the four actions, plus `admin`, which covers every scope. */
export const COARSE_SCOPES = ['read', 'write', 'execute', 'delete', 'admin'] as const;
/** Resources a fine scope (`<resource>:<action>`) may name. */
export const SCOPE_RESOURCES = ['workflows', 'runs', 'secrets', 'api_keys', 'audit'] as const;
/** Actions a fine scope may name; each is also a coarse scope covering all resources. */
export const SCOPE_ACTIONS = ['read', 'write', 'execute', 'delete'] as const;

export type CoarseScope = (typeof COARSE_SCOPES)[number];
export type ScopeResource = (typeof SCOPE_RESOURCES)[number];
export type ScopeAction = (typeof SCOPE_ACTIONS)[number];

/** Every scope name the API defines: the coarse ones, then resource × action. */
export const VALID_SCOPES: readonly string[] = [
  ...COARSE_SCOPES,
  ...SCOPE_RESOURCES.flatMap((r) => SCOPE_ACTIONS.map((a) => `${r}:${a}`)),
];

/**
 * The valid scopes for a hint, one group a line: the coarse ones, then each resource's. A hint's
 * later lines print indented under its first (display/error.ts).
 */
export function scopeHint(): string {
  const groups = [COARSE_SCOPES, ...SCOPE_RESOURCES.map((r) => SCOPE_ACTIONS.map((a) => `${r}:${a}`))];
  return `valid scopes:\n${groups.map((g) => g.join(', ')).join('\n')}`;
}

/**
 * The hint for a mistyped scope: the near one and the coarse scopes, which most keys need, instead
 * of all of them (`auth create-key --help` has the fine ones' form).
 */
export function nearScopeHint(near: string): string {
  return `did you mean ${near}?\nscopes: ${COARSE_SCOPES.join(', ')}, or RESOURCE:ACTION such as secrets:read`;
}

const VALID_SET = new Set(VALID_SCOPES);
const ACTION_SET = new Set<string>(SCOPE_ACTIONS);

/** Whether a value is a scope name the API defines. */
export function isValidScope(value: unknown): value is string {
  return typeof value === 'string' && VALID_SET.has(value);
}

/**
 * Turn the scopes an API returned into a sorted, de-duplicated list of granted names. Accepts the
 * map form (`{"runs:read": true, "runs:write": false}`; only `true` entries count) and the legacy
 * list form (`["runs:read"]`). Non-string junk and empty names are ignored; unknown but well-formed
 * names are kept, so a client shows what a newer server granted.
 */
export function normalizeScopes(input: unknown): string[] {
  const names: string[] = [];
  if (Array.isArray(input)) {
    for (const item of input) if (typeof item === 'string') names.push(item);
  } else if (input !== null && typeof input === 'object') {
    for (const [name, granted] of Object.entries(input as Record<string, unknown>)) {
      if (granted === true) names.push(name);
    }
  } else if (typeof input === 'string') {
    names.push(input);
  }
  const cleaned = names.map((n) => n.trim()).filter((n) => n !== '');
  return [...new Set(cleaned)].sort();
}

/**
 * Whether the granted scopes satisfy a required one: `admin` covers all, a scope covers itself, and a
 * coarse action (`read`) covers every `<resource>:read`. A fine scope never covers a coarse one.
 */
export function scopeSatisfies(granted: readonly string[], required: string): boolean {
  if (granted.includes('admin') || granted.includes(required)) return true;
  const colon = required.indexOf(':');
  if (colon < 0) return false;
  const action = required.slice(colon + 1);
  return ACTION_SET.has(action) && granted.includes(action);
}

/**
 * The map form the API returns: every coarse scope with true/false, plus each granted fine scope
 * (and any other granted name) as true.
 */
export function scopesToMap(granted: readonly string[]): Record<string, boolean> {
  const map: Record<string, boolean> = {};
  for (const c of COARSE_SCOPES) map[c] = granted.includes(c);
  for (const g of [...granted].sort()) map[g] = true;
  return map;
}
