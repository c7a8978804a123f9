import * as secrets from '../../lib/api/secrets.js';
import type { Context } from '../../lib/context.js';
import { success } from '../../lib/display/messages.js';
import { plural } from '../../lib/display/plural.js';
import { type DotenvEntry, readDotenvFile } from '../../lib/dotenv-file.js';
import { CliError, usageError } from '../../lib/errors.js';
import { checkSecretValue } from '../../lib/secret-input.js';
import { shownPathBare } from '../../lib/shown-value.js';
import { doneBeforeOutput } from '../../lib/write-errors.js';
import { checkSecretName, scopeLabel } from './common.js';
import { refuseEnvironmentTypo } from './new-environment.js';

/** The problems of the file, each by line number, found before any request. */
function localProblems(problems: Array<{ line: number; problem: string }>, entries: DotenvEntry[]) {
  const found = problems.map(({ line, problem }) => ({ line, error: usageError(problem) }));
  for (const { name, value, line } of entries) {
    try {
      checkSecretName(name);
      checkSecretValue(value, name);
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      found.push({ line, error: e });
    }
  }
  return found.sort((a, b) => a.line - b.line);
}

/**
 * The file refused, in the one `error:` line every failure gets: the first problem in words, the lines of
 * the others by number (each is found again, in words, once the first is fixed).
 */
function refusal(path: string, refused: ReturnType<typeof localProblems>): CliError {
  const [first, ...others] = refused;
  const what = (first?.error.message ?? '').replace(/: nothing was stored$/, '');
  // At most ten numbers: a binary file given by mistake has a problem on every line.
  const shown = others.slice(0, 10).map((r) => r.line);
  const rest = others.length > shown.length ? ` and ${others.length - shown.length} more` : '';
  const more =
    others.length === 0
      ? ''
      : `; more problems on line${others.length === 1 ? '' : 's'} ${shown.join(', ')}${rest}`;
  return usageError(
    `${shownPathBare(path)}, line ${first?.line}: ${what}${more}; nothing was stored`,
    'each line is NAME=value, a # comment or blank; a value may be quoted, over several lines',
  );
}

const names = (entries: readonly DotenvEntry[]) => entries.map((e) => e.name).join(', ');

/**
 * `secret set --env-file FILE`: all or nothing as far as the CLI can make it. Every line is checked
 * first (its form, the name rule, the value's size), and one bad line means nothing is sent: one
 * `error:` line names the first problem and the lines of the others. The API has no batch
 * endpoint, so the entries then go one PUT each, in file order; the first that fails stops the
 * rest, and its error line names the entries already stored and those not sent (a stored value cannot
 * be taken back: the earlier version is not readable to put back).
 */
export async function runSetBulk(
  path: string,
  environment: string | null,
  ctx: Context,
  yes?: boolean,
): Promise<void> {
  const { entries, problems } = await readDotenvFile(path);
  const scope = scopeLabel(environment);
  const refused = localProblems(problems, entries);
  if (refused.length > 0) throw refusal(path, refused);
  const client = await ctx.api();
  await (await refuseEnvironmentTypo(client, environment, ctx, yes, `the secrets of ${path}`))?.();
  for (const [i, entry] of entries.entries()) {
    try {
      await secrets.set(client, entry.name, environment, entry.value);
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      // One error line: what failed, then what of the file is stored and what is not.
      const stored = entries.slice(0, i);
      const done = stored.length === 0 ? 'nothing was stored' : `stored in ${scope}: ${names(stored)}`;
      throw new CliError(
        e.kind,
        `${entry.name} (line ${entry.line}): ${e.message}; ${done}; not stored: ${names(entries.slice(i))}`,
        {
          hint:
            e.hint ??
            'fix the cause and run the same command again: setting a stored secret again adds a version',
          requestId: e.requestId,
          cause: e,
        },
      );
    }
  }
  const total = entries.length;
  // Said with the error, should stdout fail now (write-errors.ts): every entry is stored.
  doneBeforeOutput(
    `${total} secret${total === 1 ? ' was' : 's were'} set in ${scope} from ${shownPathBare(path)} (${names(entries)})`,
    'they are stored: `fibonacci secret list` shows them; setting them again adds a version',
  );
  success(ctx.io, `Set ${plural(total, 'secret')} in ${scope} from ${path}`);
}
