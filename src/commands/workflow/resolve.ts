import * as identity from '../../lib/api/identity.js';
import type { ApiClient } from '../../lib/api/types.js';
import * as workflows from '../../lib/api/workflows.js';
import { closest } from '../../lib/closest.js';
import { type Part, t } from '../../lib/display/text.js';
import { CliError } from '../../lib/errors.js';
import { scopeSatisfies } from '../../lib/scopes.js';
import { shownNameBare } from '../../lib/shown-value.js';
import { WORKFLOW_ID } from '../../lib/validate.js';
import { knownEnvironments, mayListEnvironments } from '../unknown-environment.js';

/** The workflow to execute, and the workflows the key may see (for what a 404 says). */
export interface Resolved {
  ref: string;
  label: Part;
  /** What the key listed when the name or id was not among them; empty when it did not list. */
  visible: readonly Pick<workflows.Workflow, 'id' | 'name'>[];
  /** The environments that hold secrets, when asked (environmentsFor). */
  known?: string[] | undefined;
  /** The key's scopes, asked first: whether a missing `known` is the key's or the server's. */
  scopes?: readonly string[];
  /**
   * Whether `known` may leave out environments the key may not read (any role but the owner, whom
   * no resource rule refuses): the unknown-environment words then claim only what the key sees.
   */
  filtered?: boolean;
}

/**
 * The environments that hold secrets, asked beside the workflow's own lookup (not after it: a
 * mistyped --env must be refused before a run exists) and only of a key whose scopes, already
 * known, allow the listing; undefined otherwise, or when the server would not say.
 */
function environmentsFor(
  client: ApiClient,
  env: string | undefined,
  scopes: readonly string[] | undefined,
): Promise<string[] | undefined> {
  if (env === undefined || !mayListEnvironments(scopes)) return Promise.resolve(undefined);
  const known = knownEnvironments(client);
  // Awaited after the lookup; a lookup that throws first must not leave this rejection unheard.
  known.catch(() => {});
  return known;
}

/**
 * The id to execute: the id the list shows for a name (an id as given), labelled with both when
 * the key may list. A key that may not list (execute-only) or does not see it passes what was
 * typed: the API resolves names and ids and answers 403 when the key's patterns do not match. The
 * key's scopes are asked first: listing with an execute-only key (the usual CI key) would leave an
 * access.denied event behind every run.
 */
export async function resolveWorkflow(
  client: ApiClient,
  name: string,
  env: string | undefined,
): Promise<Resolved> {
  // A whole id is what the API executes: with no --env to check, no request before the run (a CI
  // job runs by id; a lookup would list every workflow first). Its 404 still says "no workflow
  // with id" (notFoundWords). A `wf_…` that is not a whole id is a name, and looked up as one.
  if (env === undefined && WORKFLOW_ID.test(name)) return { ref: name, label: name, visible: [] };
  const { scopes, role } = await identity.me(client);
  const known = environmentsFor(client, env, scopes);
  const filtered = role !== 'owner';
  return { ...(await lookUp(client, name, scopes)), known: await known, scopes, filtered };
}

async function lookUp(client: ApiClient, name: string, scopes: readonly string[]): Promise<Resolved> {
  const asTyped = { ref: name, label: name, visible: [] };
  if (!scopeSatisfies(scopes, 'workflows:read')) return asTyped;
  try {
    const all = await workflows.listAll(client);
    const byId = WORKFLOW_ID.test(name);
    const found = all.find((w) => (byId ? w.id === name : w.name === name));
    if (found) return { ref: found.id, label: t`${found.name} (${found.id})`, visible: [] };
    return { ...asTyped, visible: all.map(({ id, name }) => ({ id, name })) };
  } catch (e) {
    if (!(e instanceof CliError && e.kind === 'forbidden')) throw e;
  }
  return asTyped;
}

const LIST_HINT = '`fibonacci workflow list` shows the workflows your key may see';
const ID_HINT = "`fibonacci workflow list --json` shows each workflow's id beside its name";

/**
 * What a 404 says, from what the key listed (no request more, never a workflow the key may not
 * see): an id (`wf_` and 24 hex digits) is "no workflow with id"; a word that starts like one but
 * is not one (`wf_abc123`, a cut-short id) is said to be neither, with the workflow whose id it
 * begins; a name gets its near name, as `secret delete` does for secrets.
 */
export function notFoundWords(e: unknown, name: string, visible: Resolved['visible']): unknown {
  if (!(e instanceof CliError) || e.kind !== 'not_found') return e;
  const shown = shownNameBare(name, 'workflow');
  const again = (message: string, hint: string): CliError =>
    new CliError('not_found', message, { hint, requestId: e.requestId, status: e.status });
  if (WORKFLOW_ID.test(name)) return again(`no workflow with id ${name}`, LIST_HINT);
  if (name.startsWith('wf_')) {
    const begun = visible.find((w) => w.id.startsWith(name));
    return again(
      `no workflow named ${shown}, and it is not a whole workflow id (wf_ and 24 hex digits)`,
      begun ? `did you mean ${begun.id} (${begun.name})?` : ID_HINT,
    );
  }
  const near = closest(
    name,
    visible.map((w) => w.name),
  );
  return near === undefined || near === name ? e : again(e.message, `did you mean ${near}?`);
}
