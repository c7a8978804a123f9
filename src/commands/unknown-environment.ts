import * as environments from '../lib/api/environments.js';
import type { ApiClient } from '../lib/api/types.js';
import { closest } from '../lib/closest.js';
import { note } from '../lib/display/messages.js';
import { t } from '../lib/display/text.js';
import { CliError } from '../lib/errors.js';
import type { IO } from '../lib/io.js';
import { scopeSatisfies } from '../lib/scopes.js';

// An environment exists exactly when it holds a secret, so an `--env` that names none may be a typo
// (`prodution`): secret list, security check and workflow run say so, with the near name. Advisory
// only: a key that may not list environments, or any failure, says nothing more. A command whose key
// may lack the scope (workflow run: CI's keys are execute-only) asks only when the key's scopes, as
// it already knows them, allow the listing: a request the key cannot make leaves an access.denied
// event in the audit log behind every run, noise for whoever watches denials.

/** Whether a key with `scopes` may list environments (GET /environments needs secrets:read). */
export function mayListEnvironments(scopes: readonly string[] | undefined): boolean {
  return scopes !== undefined && scopeSatisfies(scopes, 'secrets:read');
}

/**
 * The typo check of an `--env` was skipped (the key may not list environments, or the server would
 * not list them): a terminal is told in one line, so a silent answer is not read as "checked"; a
 * pipe (CI, where such keys live) is not. secret set, secret list and workflow run say it alike,
 * with the `note:` prefix every such stderr line has (newcomer pass 12).
 */
export function notCheckedNote(io: IO, environment: string, keyMayList: boolean): void {
  if (!io.stderrIsTTY) return;
  const why = keyMayList ? 'the server did not list its environments' : 'this key may not list environments';
  note(io, t`note: not checked whether --env ${environment} is a typo of an existing environment: ${why}`);
}

/**
 * The warning for `--env environment` when `known` (the environments that hold secrets) lacks it.
 * `filtered`: the key's lists leave out what it may not read (any role but the owner), so the words
 * claim only what this key may see: a viewer kept from production by a resource rule was told there
 * was no production and that no environment held a secret (newcomer pass 12).
 */
export function unknownEnvironmentWarning(
  environment: string,
  known: readonly string[],
  filtered = false,
): string {
  const near = closest(environment, known);
  const nearText = near === undefined ? '' : `; did you mean ${near}?`;
  if (filtered) {
    const which = known.length === 0 ? 'it sees none' : `environments it sees: ${known.join(', ')}`;
    return `this key sees no environment ${environment} (lists leave out what a key may not read); ${which}${nearText}`;
  }
  const which =
    known.length === 0 ? 'no environment holds a secret yet' : `environments: ${known.join(', ')}`;
  return `there is no environment ${environment} (it exists once a secret is set in it); ${which}${nearText}`;
}

/**
 * The warning for a run whose answer says its environment does not exist (`environment_found:
 * false`), when the key may not list environments to name the near one.
 */
export function missingRunEnvironmentWarning(environment: string): string {
  return `there is no environment ${environment}; the run used shared secrets only`;
}

/** The environments that hold secrets, or undefined when the server would not say. */
export async function knownEnvironments(client: ApiClient): Promise<string[] | undefined> {
  try {
    return (await environments.list(client)).flatMap((e) => (e.name === null ? [] : [e.name]));
  } catch (e) {
    if (e instanceof CliError) return undefined;
    throw e;
  }
}

/** The warning for `--env environment` when the server says no such environment holds a secret. */
export async function unknownEnvironment(
  client: ApiClient,
  environment: string,
): Promise<string | undefined> {
  return (await unknownEnvironmentNear(client, environment))?.warning;
}

/** The same warning, with the environment near the one named when there is one. */
export async function unknownEnvironmentNear(
  client: ApiClient,
  environment: string,
): Promise<{ warning: string; near: string | undefined } | undefined> {
  const known = await knownEnvironments(client);
  if (known === undefined || known.includes(environment)) return undefined;
  return { warning: unknownEnvironmentWarning(environment, known), near: closest(environment, known) };
}
