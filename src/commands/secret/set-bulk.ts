import * as secrets from '../../lib/api/secrets.js';
import type { Context } from '../../lib/context.js';
import { printError } from '../../lib/display/error.js';
import { success } from '../../lib/display/messages.js';
import { readDotenvFile } from '../../lib/dotenv-file.js';
import { CliError } from '../../lib/errors.js';
import { checkSecretValue } from '../../lib/secret-input.js';
import { checkSecretName, scopeLabel } from './common.js';

interface Failure {
  name: string;
  error: CliError;
}

/**
 * `secret set --env-file FILE`: every entry is sent, even after a failure; each failure is one
 * `error:` line naming the entry (through the one error printer, without its hint), and the final
 * error (the summary) carries the exit code: the failures' common kind, or 1 when they differ.
 */
export async function runSetBulk(path: string, environment: string | null, ctx: Context): Promise<void> {
  const entries = await readDotenvFile(path);
  const client = await ctx.api();
  const scope = scopeLabel(environment);
  const failures: Failure[] = [];
  for (const { name, value } of entries) {
    try {
      // Local checks name the entry themselves; API errors get the name prefixed below.
      checkSecretName(name);
      checkSecretValue(value, name);
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      failures.push({ name, error: e });
      printError(ctx.io, e, { hint: false, debug: ctx.settings.debug });
      continue;
    }
    try {
      const meta = await secrets.set(client, name, environment, value);
      success(ctx.io, `Set secret ${name} (${scope}, version ${meta.version})`);
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      failures.push({ name, error: e });
      printError(ctx.io, e, { subject: name, hint: false, debug: ctx.settings.debug });
    }
  }
  const total = entries.length;
  if (failures.length === 0) {
    success(ctx.io, `Set ${total} secret${total === 1 ? '' : 's'} in ${scope} from ${path}`);
    return;
  }
  const kinds = new Set(failures.map((f) => f.error.kind));
  const [only] = kinds;
  const kind = kinds.size === 1 && only !== undefined ? only : 'unexpected';
  const names = failures.map((f) => f.name).join(', ');
  throw new CliError(
    kind,
    `${failures.length} of ${total} secrets from ${path} failed (${names}); ${total - failures.length} set in ${scope}`,
    { hint: kinds.size === 1 ? failures[0]?.error.hint : undefined },
  );
}
