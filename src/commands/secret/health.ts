import * as secrets from '../../lib/api/secrets.js';
import type { Context } from '../../lib/context.js';
import { printBlock } from '../../lib/display/block.js';
import { printJson } from '../../lib/display/json.js';
import { line } from '../../lib/display/messages.js';
import { styled, t } from '../../lib/display/text.js';
import { CliError, exitCodeFor } from '../../lib/errors.js';
import { verdictOnClosedPipe } from '../../lib/write-errors.js';

export interface HealthOptions {
  json?: boolean | undefined;
}

/**
 * The outcome "unhealthy" after the report: a check that did not pass (exit 11, as `security check`
 * uses it), and no error line: the report says it all.
 */
function unhealthy(backend: string): CliError {
  return new CliError('check_failed', `the secrets backend ${backend} is unhealthy`, { silent: true });
}

/** `secret health`: the backend and each check; exit 0 when healthy, 11 when not. */
export async function runHealth(opts: HealthOptions, ctx: Context): Promise<void> {
  const client = await ctx.api();
  const data = await secrets.health(client);
  const healthy = data.status === 'healthy';
  // The answer is the exit code: a reader that closes the pipe early cannot turn it into 0.
  verdictOnClosedPipe(healthy ? 0 : exitCodeFor('check_failed'));
  if (opts.json) {
    printJson(ctx.io, data);
    if (!healthy) throw unhealthy(data.backend);
    return;
  }
  const io = ctx.io;
  const status = healthy ? styled('green', t`healthy`) : styled('red', t`unhealthy`);
  line(io, t`Secrets backend ${data.backend}: ${status}`);
  const mark = (result: string) =>
    io.stdoutIsTTY ? t`${result === 'ok' ? styled('green', t`✓`) : styled('red', t`✗`)} ` : t``;
  printBlock(
    io,
    Object.entries(data.checks).map(([name, result]) => [t`${mark(result)}${name}`, result]),
    { indent: 2, colon: false, minWidth: 0 },
  );
  if (!healthy) throw unhealthy(data.backend);
}
