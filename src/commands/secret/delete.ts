import * as secrets from '../../lib/api/secrets.js';
import type { Context } from '../../lib/context.js';
import { success } from '../../lib/display/messages.js';
import { CliError } from '../../lib/errors.js';
import { doneBeforeOutput } from '../../lib/write-errors.js';
import { confirmOrYes } from '../shared.js';
import { withWhereItIs } from '../where-it-is.js';
import { resolveEnvironment, scopeLabel } from './common.js';

export interface DeleteOptions {
  /** A valid secret name. */
  name: string;
  /** A valid environment; absent: config.json's default, else the shared scope. */
  env?: string | undefined;
  yes?: boolean | undefined;
}

/**
 * `secret delete NAME`: asks on a TTY; without one, `--yes` is required (exit 10). Before asking it
 * looks the secret up, so a mistyped name is "no such secret" (exit 12), not a question about a
 * secret that is not there.
 */
export async function runDelete(opts: DeleteOptions, ctx: Context): Promise<void> {
  const { name } = opts;
  const environment = resolveEnvironment(opts.env, ctx);
  const scope = scopeLabel(environment);
  if (!opts.yes && ctx.io.canPrompt()) {
    const client = await ctx.api();
    try {
      await withWhereItIs(client, name, environment, () => secrets.get(client, name, environment));
    } catch (e) {
      // A key that may delete but not read (secrets:delete alone) cannot look first: ask anyway,
      // and let the delete itself be judged by its own scope.
      if (!(e instanceof CliError && e.kind === 'forbidden')) throw e;
    }
  }
  await confirmOrYes(ctx, opts.yes, {
    doing: `deleting ${name} from ${scope}`,
    verb: 'delete',
    question: `Delete secret ${name} from ${scope}? This cannot be undone.`,
    cancelled: `${name} was not deleted`,
  });
  const client = await ctx.api();
  await withWhereItIs(client, name, environment, () => secrets.remove(client, name, environment));
  doneBeforeOutput(
    `secret ${name} was deleted (${scope})`,
    'it is gone: `fibonacci secret list` shows what is left',
  );
  success(ctx.io, `Deleted secret ${name} (${scope})`);
}
