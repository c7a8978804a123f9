import * as identity from '../../lib/api/identity.js';
import type { ApiClient } from '../../lib/api/types.js';
import { closest } from '../../lib/closest.js';
import type { Context } from '../../lib/context.js';
import { note } from '../../lib/display/messages.js';
import { CliError } from '../../lib/errors.js';
import { knownEnvironments, mayListEnvironments } from '../unknown-environment.js';

/**
 * Before `secret set --env E` stores anything (and before it asks for the value): an E that holds no
 * secret yet, near one that does (`prodution`, `production`), is a typo until the user says it is a
 * new environment, as `workflow run --env` refuses it: with `--yes`, or "yes" at a terminal;
 * without a terminal, exit 12 with the near name. An E with none near is created as before. Asked
 * only of a key whose scopes allow listing environments (a write-only CI key is not made to leave
 * an access.denied event behind every set); any failure of the listing says nothing more.
 */
export async function refuseEnvironmentTypo(
  client: ApiClient,
  environment: string | null,
  ctx: Context,
  yes: boolean | undefined,
  what: string,
): Promise<void> {
  if (environment === null || yes) return;
  const { scopes } = await identity.me(client);
  if (!mayListEnvironments(scopes)) return;
  const known = await knownEnvironments(client);
  if (known === undefined || known.includes(environment)) return;
  const near = closest(environment, known);
  if (near === undefined) return;
  if (!ctx.io.canPrompt()) {
    throw new CliError('not_found', `no environment ${environment}`, {
      hint: `did you mean ${near}? To create the environment ${environment}, pass --yes`,
    });
  }
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
