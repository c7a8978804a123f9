import * as secrets from '../../lib/api/secrets.js';
import type { Context } from '../../lib/context.js';
import { success } from '../../lib/display/messages.js';
import { usageError } from '../../lib/errors.js';
import { readSecretValue } from '../../lib/secret-input.js';
import { checkSecretName, resolveEnvironment, scopeLabel } from './common.js';

export interface SetOptions {
  env?: string | undefined;
  fromFile?: string | undefined;
  value?: string | undefined;
  envFile?: string | undefined;
}

/** `secret set NAME` (one value, by cli.md's value rule) or `secret set --env-file FILE` (bulk). */
export async function runSet(name: string | undefined, opts: SetOptions, ctx: Context): Promise<number> {
  if (opts.envFile !== undefined) {
    if (name !== undefined) {
      throw usageError(
        'give either NAME or --env-file, not both',
        'the names come from the file with --env-file',
      );
    }
    return (await import('./set-bulk.js')).runSetBulk(opts.envFile, resolveEnvironment(opts.env, ctx), ctx);
  }
  if (name === undefined) {
    throw usageError(
      'missing secret NAME',
      'fibonacci secret set NAME [--env E], or --env-file FILE for many',
    );
  }
  checkSecretName(name);
  const environment = resolveEnvironment(opts.env, ctx);
  const client = await ctx.api();
  const value = await readSecretValue(
    {
      fromFile: opts.fromFile,
      value: opts.value,
      label: name,
      command: `fibonacci secret set ${name}${environment === null ? '' : ` --env ${environment}`}`,
    },
    ctx,
  );
  const meta = await secrets.set(client, name, environment, value);
  success(ctx.io, `Set secret ${name} (${scopeLabel(environment)}, version ${meta.version})`);
  return 0;
}
