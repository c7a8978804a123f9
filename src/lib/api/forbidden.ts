import { CliError } from '../errors.js';
import { shellQuote } from '../quote.js';
import { ENVIRONMENT_NAME, SECRET_NAME, WORKFLOW_ID, WORKFLOW_NAME } from '../validate.js';

// A 403 about one workflow or secret, in the words of what the user typed, with the one command
// that says why: `fibonacci access check ACTION RESOURCE` runs the same steps for the caller (its
// key's scopes and workflow patterns, its role, the resource rules) and names the deciding rule.

/** What a refused request was about, as the user named it. */
export interface Refused {
  /** The resource action (`execute`, `write`, `read`, `delete`). */
  action: string;
  /** `workflows/<name>` or `secrets/<environment or shared>/<NAME>`, from what the user typed. */
  resource: string;
  /** The text the request sent in the user's name's place (the id a name was resolved to), if any. */
  sent?: { as: string; typed: string } | undefined;
}

// A secret a run references, named by the server's refusal (`… read secrets/production/API_KEY,
// which production/etl references`): then that secret's read is what to check.
const SECRET_RESOURCE = /\bsecrets\/(shared|[a-z][a-z0-9-]{0,31})\/([A-Za-z_][A-Za-z0-9_]{0,127})\b/;

/** Whether `fibonacci access check` takes this resource as written (so the hint's command runs). */
function checkable(resource: string): boolean {
  const slash = resource.indexOf('/');
  const kind = resource.slice(0, slash);
  const rest = resource.slice(slash + 1);
  if (kind === 'workflows') return WORKFLOW_NAME.test(rest) && !WORKFLOW_ID.test(rest);
  if (kind !== 'secrets') return false;
  const [scope = '', name = '', ...extra] = rest.split('/');
  return extra.length === 0 && (scope === 'shared' || ENVIRONMENT_NAME.test(scope)) && SECRET_NAME.test(name);
}

/** `fibonacci access check ACTION RESOURCE`, quoted to paste. */
export function accessCheckCommand(action: string, resource: string): string {
  return `fibonacci access check ${shellQuote(action)} ${shellQuote(resource)}`;
}

/**
 * Rethrow a 403 (`e`) about `refused` with the workflow named as typed and the `access check`
 * command for it as the hint; anything else is rethrown as it is. A resource `access check` could
 * not take (an id, a name outside the name rule) keeps the server's wording and the general hint.
 */
export function rethrowForbidden(e: unknown, refused: Refused): never {
  if (!(e instanceof CliError) || e.kind !== 'forbidden') throw e;
  const { sent } = refused;
  const message = sent && sent.as !== sent.typed ? e.message.split(sent.as).join(sent.typed) : e.message;
  // Only a refused run is about a secret it reads: a refused secret write names its own resource
  // too, and was hinted at `access check read …`, which says yes (hostile pass 15, H15-5).
  const secret = refused.resource.startsWith('workflows/') ? SECRET_RESOURCE.exec(message) : null;
  const [action, resource] = secret ? ['read', secret[0]] : [refused.action, refused.resource];
  const hint = checkable(resource)
    ? `\`${accessCheckCommand(action, resource)}\` says whether this key may, and which rule decides`
    : e.hint;
  throw new CliError('forbidden', message, {
    hint,
    details: e.details,
    requestId: e.requestId,
    status: e.status,
  });
}
