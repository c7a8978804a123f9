import * as identity from '../../lib/api/identity.js';
import type { ApiClient } from '../../lib/api/types.js';
import * as workflows from '../../lib/api/workflows.js';
import { closest } from '../../lib/closest.js';
import { hint, warn } from '../../lib/display/messages.js';
import { t } from '../../lib/display/text.js';
import type { IO } from '../../lib/io.js';
import { scopeSatisfies } from '../../lib/scopes.js';
import { shownNameBare } from '../../lib/shown-value.js';
import { WORKFLOW_ID } from '../../lib/validate.js';

// `audit logs --workflow custmer-support` (a typo of a workflow that exists) matched nothing and
// said nothing: an empty list reads as "no activity". After an empty result, and only then, the
// name is looked for among the workflows the key may list, as `secret delete` looks for a secret.
// Only stderr is written: stdout's data (`[]` under --json) stays what it was.

/**
 * Whether a warning was given: the filter's workflow is none the key may list (with the near name
 * when there is one). Nothing for an id (already resolved to a name it sees), for a key whose scopes
 * do not allow the listing (asking would leave an access.denied event), or when asking fails.
 */
export async function warnUnknownWorkflow(
  client: ApiClient,
  workflow: string | undefined,
  io: IO,
): Promise<boolean> {
  if (workflow === undefined || WORKFLOW_ID.test(workflow)) return false;
  let names: string[];
  try {
    const { scopes } = await identity.me(client);
    if (!scopeSatisfies(scopes, 'workflows:read')) return false;
    names = (await workflows.listAll(client)).map((w) => w.name);
  } catch {
    return false;
  }
  if (names.includes(workflow)) return false;
  const shown = shownNameBare(workflow, 'workflow');
  const near = closest(workflow, names);
  if (near !== undefined) {
    warn(io, t`no events for workflow ${shown}, did you mean ${near}?`);
  } else {
    warn(io, t`no events for workflow ${shown}, and no workflow this key may see has that name`);
    hint(io, '`fibonacci workflow list` shows the workflows your key may see');
  }
  return true;
}
