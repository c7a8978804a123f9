import * as environments from '../lib/api/environments.js';
import * as secrets from '../lib/api/secrets.js';
import type { ApiClient } from '../lib/api/types.js';
import { closest } from '../lib/closest.js';
import { CliError } from '../lib/errors.js';

// A mistyped secret name, or the right name in the wrong scope, is the usual "no such secret": the
// error then says where to look, as gh does for a repository it cannot find. Only names are read
// (values never come out), and only on this error path.

/** At most this many scopes are looked through for the name (one request each). */
const MAX_SCOPES = 20;

/**
 * Run `act`; a "no such secret" (exit 12) from it comes back with a better hint: a near name in the
 * same scope ("did you mean API_KEY?"), else the scopes that hold the name. Any failure of that
 * looking around leaves the original error as it was.
 */
export async function withWhereItIs<T>(
  client: ApiClient,
  name: string,
  environment: string | null,
  act: () => Promise<T>,
): Promise<T> {
  try {
    return await act();
  } catch (e) {
    if (!(e instanceof CliError) || e.kind !== 'not_found') throw e;
    const hint = await whereItIs(client, name, environment).catch(() => undefined);
    if (hint === undefined) throw e;
    throw new CliError('not_found', e.message, { hint, requestId: e.requestId, status: e.status });
  }
}

async function whereItIs(client: ApiClient, name: string, environment: string | null) {
  const near = closest(
    name,
    (await secrets.list(client, environment)).map((s) => s.name),
  );
  if (near !== undefined && near !== name) return `did you mean ${near}?`;
  const holding = (await scopesHolding(client, [name], environment)).get(name) ?? [];
  const first = holding[0];
  if (first === undefined) return undefined;
  const where = holding.map((s) => secrets.scopeLabel(s)).join(', ');
  return `${name} is in ${where}: ${first === null ? 'leave out --env' : `pass --env ${first}`}`;
}

/**
 * For each of `names`, the scopes other than `environment` that hold it (names only are read):
 * the scopes with a secret, at most MAX_SCOPES of them, one listing each. Also `workflow run`'s:
 * a run that failed on a secret set elsewhere says where (newcomer s14 NC-7).
 */
export async function scopesHolding(
  client: ApiClient,
  names: readonly string[],
  environment: string | null,
): Promise<Map<string, Array<string | null>>> {
  // The server lists the shared scope and every environment with its count: empty ones are skipped.
  const scopes = (await environments.list(client))
    .filter((e) => e.name !== environment && e.secrets > 0)
    .map((e) => e.name);
  const holding = new Map<string, Array<string | null>>(names.map((n) => [n, []]));
  for (const scope of scopes.slice(0, MAX_SCOPES)) {
    const there = new Set((await secrets.list(client, scope)).map((s) => s.name));
    for (const [n, list] of holding) if (there.has(n)) list.push(scope);
  }
  return holding;
}
