import type { Context } from '../../lib/context.js';
import { printBlock } from '../../lib/display/block.js';
import { printJson } from '../../lib/display/json.js';
import { line } from '../../lib/display/messages.js';
import { styled, t } from '../../lib/display/text.js';
import { CliError } from '../../lib/errors.js';

export interface HealthOptions {
  json?: boolean | undefined;
}

/** api.md's health body (the same shape with 200 and 503). */
interface HealthBody {
  status: 'healthy' | 'unhealthy';
  backend: string;
  checks: Record<string, string>;
}

/**
 * The outcome "unhealthy" after the report: exit 1 and no error line, the report says it all.
 * (cli.md gives it exit 11, check_failed; a later change moves it there.)
 */
function unhealthy(backend: string): CliError {
  return new CliError('unexpected', `the secrets backend ${backend} is unhealthy`, { silent: true });
}

/** `secret health`: the backend and each check; exit 0 when healthy, 1 when not. */
export async function runHealth(opts: HealthOptions, ctx: Context): Promise<void> {
  const client = await ctx.api();
  // 503 is the answer "unhealthy", not a failure: no retry, no error mapping.
  const { data } = await client.request<HealthBody>('GET', '/api/v1/health/secrets', { okStatuses: [503] });
  const healthy = data.status === 'healthy';
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
    Object.entries(data.checks ?? {}).map(([name, result]) => [t`${mark(result)}${name}`, result]),
    { indent: 2, colon: false, minWidth: 0 },
  );
  if (!healthy) throw unhealthy(data.backend);
}
