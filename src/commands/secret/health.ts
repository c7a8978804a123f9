import type { Context } from '../../lib/context.js';
import { printJson } from '../../lib/output.js';

export interface HealthOptions {
  json?: boolean | undefined;
}

/** api.md's health body (the same shape with 200 and 503). */
interface HealthBody {
  status: 'healthy' | 'unhealthy';
  backend: string;
  checks: Record<string, string>;
}

/** `secret health`: the backend and each check; exit 0 when healthy, 1 when not. */
export async function runHealth(opts: HealthOptions, ctx: Context): Promise<number> {
  const client = await ctx.api();
  // 503 is the answer "unhealthy", not a failure: no retry, no error mapping.
  const { data } = await client.request<HealthBody>('GET', '/api/v1/health/secrets', { okStatuses: [503] });
  const healthy = data.status === 'healthy';
  if (opts.json) {
    printJson(ctx.io, data);
    return healthy ? 0 : 1;
  }
  const io = ctx.io;
  const names = Object.keys(data.checks);
  const width = Math.max(0, ...names.map((n) => n.length));
  const status = healthy ? io.style('green', 'healthy') : io.style('red', 'unhealthy');
  io.out(`Secrets backend ${data.backend}: ${status}\n`);
  for (const name of names) {
    const result = data.checks[name] ?? '';
    const mark = io.stdoutIsTTY ? `${result === 'ok' ? io.style('green', '✓') : io.style('red', '✗')} ` : '';
    io.out(`  ${mark}${name.padEnd(width)}  ${result}\n`);
  }
  return healthy ? 0 : 1;
}
