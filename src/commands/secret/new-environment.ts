import * as identity from '../../lib/api/identity.js';
import type { ApiClient } from '../../lib/api/types.js';
import { closest } from '../../lib/closest.js';
import {
  environmentNames,
  namesCachePath,
  readNamesCache,
  writeNamesCache,
} from '../../lib/completion/names-cache.js';
import type { Context } from '../../lib/context.js';
import { note } from '../../lib/display/messages.js';
import { CliError } from '../../lib/errors.js';
import { scopeSatisfies } from '../../lib/scopes.js';
import { knownEnvironments, mayListEnvironments, notCheckedNote } from '../unknown-environment.js';

/** The question of a near environment at a terminal, asked once the value is read (see below). */
export type AskNewEnvironment = () => Promise<void>;

/**
 * Before `secret set --env E` stores anything: an E that holds no secret yet, near one that does
 * (`prodution`, `production`), is a typo until the user says it is a new environment, as
 * `workflow run --env` refuses it: with `--yes`, or "yes" at a terminal; without a terminal, exit
 * 12 with the near name, before the value is read. An E with none near is created as before.
 *
 * At a terminal the question is returned, not asked: the caller asks it after the masked prompt
 * has read the value. Asked first, it met a value pasted for the prompt the user expected, and its
 * yes/no line echoed that value in clear (H14b follow-up); after the value, a "no" still stores
 * nothing.
 *
 * Asked only of a key whose scopes allow listing environments (a write-only CI key is not made to
 * leave an access.denied event behind every set): for another key E is not checked, which a
 * terminal is told in one note (docs/secrets.md), as it is when the listing fails.
 *
 * The first answer is the completion cache of environment names (this origin and key, younger than
 * its TTL): an E it holds exists, no typo, and nothing is asked of the server. On a miss the server
 * is asked (GET /auth/me, then GET /environments) and the cache written with its answer, as
 * `__complete env` writes it, so the next `secret set --env E` of a CI job asks nothing. The
 * default environment is never taken from the cache: `__complete` lists it whether it exists or not.
 */
export async function refuseEnvironmentTypo(
  client: ApiClient,
  environment: string | null,
  ctx: Context,
  yes: boolean | undefined,
  what: string,
): Promise<AskNewEnvironment | undefined> {
  if (environment === null || yes) return;
  const credential = await ctx.credential();
  const cache = credential && namesCachePath(ctx.env, ctx.settings, credential.key, 'env', undefined);
  const now = ctx.clock().getTime();
  const { defaultEnvironment } = ctx.settings;
  if (cache && environment !== defaultEnvironment && readNamesCache(cache, now)?.values.includes(environment))
    return;
  const { scopes } = await identity.me(client);
  // A key that may not write secrets is refused the set itself (403): a note about the typo check
  // before that refusal is moot (newcomer pass 12).
  if (!scopeSatisfies(scopes, 'secrets:write')) return;
  if (!mayListEnvironments(scopes)) {
    notCheckedNote(ctx.io, environment, false);
    return;
  }
  const known = await knownEnvironments(client);
  if (known === undefined) {
    notCheckedNote(ctx.io, environment, true);
    return;
  }
  if (known.includes(environment)) {
    // Written only when this set leaves the list as it is: a set into a new E changes it, and a
    // list written now (without E) would be `__complete env`'s answer for the next minute.
    if (cache) writeNamesCache(cache, now, environmentNames(known, defaultEnvironment));
    return;
  }
  const near = closest(environment, known);
  if (near === undefined) return;
  if (!ctx.io.canPrompt()) {
    throw new CliError('not_found', `no environment ${environment}`, {
      hint: `did you mean ${near}? To create the environment ${environment}, pass --yes`,
    });
  }
  return () => askNew(ctx, environment, near, what);
}

async function askNew(ctx: Context, environment: string, near: string, what: string): Promise<void> {
  let answer: boolean;
  try {
    answer = await ctx.io.confirm(
      `There is no environment ${environment}; did you mean ${near}? Create ${environment} with ${what}?`,
      false,
    );
  } catch (e) {
    if (!(e instanceof CliError && e.kind === 'interrupted')) throw e;
    answer = false;
  }
  if (answer) return;
  note(ctx.io, `cancelled: nothing was stored in ${environment}`);
  throw new CliError('interrupted', `cancelled: nothing was stored in ${environment}`, { silent: true });
}
