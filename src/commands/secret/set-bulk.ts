import * as secrets from '../../lib/api/secrets.js';
import type { Context } from '../../lib/context.js';
import { printError } from '../../lib/display/error.js';
import { success } from '../../lib/display/messages.js';
import { type DotenvEntry, readDotenvFile } from '../../lib/dotenv-file.js';
import { CliError, usageError } from '../../lib/errors.js';
import { checkSecretValue } from '../../lib/secret-input.js';
import { checkSecretName, scopeLabel } from './common.js';

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

const names = (entries: readonly DotenvEntry[]) => entries.map((e) => e.name).join(', ');

/**
 * `secret set --env-file FILE`: all or nothing as far as the CLI can make it. Every line is checked
 * first (its form, the name rule, the value's size), and one bad line means nothing is sent: each
 * problem is one `error:` line with its line number, then the summary. The API has no batch
 * endpoint, so the entries then go one PUT each, in file order; the first that fails stops the
 * rest, and the summary names the entries already stored and those not sent (a stored value cannot
 * be taken back: the earlier version is not readable to put back).
 */
export async function runSetBulk(path: string, environment: string | null, ctx: Context): Promise<void> {
  const { entries, problems } = await readDotenvFile(path);
  const scope = scopeLabel(environment);
  const refused = localProblems(problems, entries);
  if (refused.length > 0) {
    for (const { line, error } of refused)
      printError(ctx.io, error, { subject: `${path}, line ${line}`, hint: false });
    const lines = refused.map((r) => r.line).join(', ');
    throw new CliError(
      'usage',
      `${path}: ${refused.length} problem${refused.length === 1 ? '' : 's'} (line${refused.length === 1 ? '' : 's'} ${lines}); nothing was stored`,
      { hint: 'each line is NAME=value, a # comment or blank; a value may be quoted, over several lines' },
    );
  }
  const client = await ctx.api();
  for (const [i, entry] of entries.entries()) {
    try {
      await secrets.set(client, entry.name, environment, entry.value);
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      printError(ctx.io, e, { subject: entry.name, hint: false, debug: ctx.settings.debug });
      const stored = entries.slice(0, i);
      const rest = entries.slice(i);
      throw new CliError(
        e.kind,
        `stopped at ${entry.name} (line ${entry.line}): ${stored.length === 0 ? 'nothing was stored' : `stored in ${scope}: ${names(stored)}`}; not stored: ${names(rest)}`,
        {
          hint:
            e.hint ??
            'fix the cause and run the same command again: setting a stored secret again adds a version',
        },
      );
    }
  }
  const total = entries.length;
  success(ctx.io, `Set ${total} secret${total === 1 ? '' : 's'} in ${scope} from ${path}`);
}
