import picomatch from 'picomatch';
import { ENVIRONMENT_NAME, SECRET_NAME } from '../validate.js';
import { type Action, RESOURCE_ACTIONS, type ResourceKind } from './names.js';
import { WORKFLOW_NAME, workflowMatcher } from './workflow-glob.js';

// What resource rules are about: `workflows/<name>` and `secrets/<environment or shared>/<NAME>`,
// and the patterns that name them. A workflows pattern is a workflow glob; a secrets pattern is
// `NAME_GLOB` (every scope) or `ENV/NAME_GLOB` (one scope, `shared` for the shared one).

/** The shared scope's name in a secrets resource. */
export const SHARED_SCOPE = 'shared';

export type Resource =
  | { kind: 'workflows'; name: string }
  | { kind: 'secrets'; environment: string | null; name: string };

export const RESOURCE_FORMS = 'workflows/<name> or secrets/<environment or shared>/<NAME>';

/** Parse `workflows/production/etl`, `secrets/production/API_KEY`, `secrets/shared/X`, or say why not. */
export function parseResource(text: string): Resource | { error: string } {
  const slash = text.indexOf('/');
  const kind = slash < 0 ? text : text.slice(0, slash);
  const rest = slash < 0 ? '' : text.slice(slash + 1);
  if (kind === 'workflows') {
    if (WORKFLOW_NAME.test(rest)) return { kind, name: rest };
    return { error: `"${rest}" is not a workflow name` };
  }
  if (kind === 'secrets') {
    const [scope = '', name = '', ...extra] = rest.split('/');
    if (extra.length > 0 || name === '')
      return { error: `a secrets resource is secrets/<environment or shared>/<NAME>` };
    if (scope !== SHARED_SCOPE && !ENVIRONMENT_NAME.test(scope))
      return { error: `"${scope}" is not an environment name (or shared)` };
    if (!SECRET_NAME.test(name)) return { error: `"${name}" is not a secret name` };
    return { kind, environment: scope === SHARED_SCOPE ? null : scope, name };
  }
  return { error: `a resource is ${RESOURCE_FORMS}` };
}

/** The text form of a resource (what `decide` and events name). */
export function formatResource(resource: Resource): string {
  if (resource.kind === 'workflows') return `workflows/${resource.name}`;
  return `secrets/${resource.environment ?? SHARED_SCOPE}/${resource.name}`;
}

/** Whether an action is one resource rules name for this kind. */
export function isAction(kind: ResourceKind, action: string): action is Action {
  return (RESOURCE_ACTIONS[kind] as readonly string[]).includes(action);
}

const NAME_GLOB = /^[A-Za-z0-9_*]{1,128}$/;
export const SECRET_PATTERN_RULE =
  'NAME_GLOB or ENV/NAME_GLOB: letters, digits, _ and * wildcards, after an environment name or shared and /';

/** Whether a secrets pattern follows its grammar; undefined when it does, else why not. */
export function secretPatternProblem(pattern: string): string | undefined {
  const parts = pattern.split('/');
  if (parts.length > 2)
    return `"${pattern}" has more than one /: a secrets pattern is ${SECRET_PATTERN_RULE}`;
  const [scope, glob] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (scope !== undefined && scope !== SHARED_SCOPE && !ENVIRONMENT_NAME.test(scope)) {
    return `"${scope}" is not an environment name (or shared)`;
  }
  if (glob === undefined || !NAME_GLOB.test(glob)) {
    return `"${glob ?? ''}" is not a secret-name glob (letters, digits, _ and *)`;
  }
  return undefined;
}

/** A compiled pattern of one kind: does it match this resource? */
export function patternMatcher(kind: ResourceKind, pattern: string): (resource: Resource) => boolean {
  if (kind === 'workflows') {
    const match = workflowMatcher([pattern]);
    return (r) => r.kind === 'workflows' && match(r.name);
  }
  const slash = pattern.indexOf('/');
  const scope = slash < 0 ? undefined : pattern.slice(0, slash);
  const glob = picomatch(slash < 0 ? pattern : pattern.slice(slash + 1), { dot: true });
  return (r) =>
    r.kind === 'secrets' &&
    (scope === undefined || scope === (r.environment ?? SHARED_SCOPE)) &&
    glob(r.name);
}

/**
 * How specific a pattern is, for "the most specific decides": one without wildcards beats one
 * with; then more literal (non-`*`) characters win. Higher compares greater.
 */
export function specificity(pattern: string): [number, number] {
  return [pattern.includes('*') ? 0 : 1, pattern.replace(/\*/g, '').length];
}
