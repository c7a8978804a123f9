import * as secrets from '../../lib/api/secrets.js';
import type { Context } from '../../lib/context.js';
import { success } from '../../lib/display/messages.js';
import { readSecretValue } from '../../lib/secret-input.js';
import { doneBeforeOutput } from '../../lib/write-errors.js';
import { resolveEnvironment, scopeLabel } from './common.js';
import { refuseEnvironmentTypo } from './new-environment.js';

/** `secret set`'s options: one NAME and where its value comes from, or a dotenv file of many. */
export type SetOptions =
  | {
      /** A valid secret name. */
      name: string;
      /** A valid environment; absent: config.json's default, else the shared scope. */
      env?: string | undefined;
      fromFile?: string | undefined;
      value?: string | undefined;
      /** E may be a new environment near an existing one (`staging2`): do not ask. */
      yes?: boolean | undefined;
    }
  | { envFile: string; env?: string | undefined; yes?: boolean | undefined };

/**
 * `secret set NAME` (one value, by the rule of lib/secret-input.ts) or `secret set --env-file FILE`
 * (bulk).
 */
export async function runSet(opts: SetOptions, ctx: Context): Promise<void> {
  if ('envFile' in opts) {
    return (await import('./set-bulk.js')).runSetBulk(
      opts.envFile,
      resolveEnvironment(opts.env, ctx),
      ctx,
      opts.yes,
    );
  }
  const { name } = opts;
  const environment = resolveEnvironment(opts.env, ctx);
  const client = await ctx.api();
  // A near environment at a terminal is asked about after the value is read: never at a moment a
  // pasted value may land in the question's echoed answer.
  const askNew = await refuseEnvironmentTypo(client, environment, ctx, opts.yes, name);
  const value = await readSecretValue(
    {
      fromFile: opts.fromFile,
      value: opts.value,
      label: name,
      where: scopeLabel(environment),
      command: `fibonacci secret set ${name}${environment === null ? '' : ` --env ${environment}`}`,
    },
    ctx,
  );
  await askNew?.();
  const meta = await secrets.set(client, name, environment, value);
  doneBeforeOutput(
    `secret ${name} was set (${scopeLabel(environment)}, version ${meta.version})`,
    'it is stored: `fibonacci secret list` shows it',
  );
  success(ctx.io, `Set secret ${name} (${scopeLabel(environment)}, version ${meta.version})`);
}
