import type { Context } from '../../lib/context.js';
import { CliError } from '../../lib/errors.js';
import { parsePositiveInt, resolveDataDir, shellQuote } from './data-dir.js';

export interface StartOptions {
  host: string;
  port: number;
  dataDir?: string | undefined;
  requireClientCert?: boolean | undefined;
  rateLimit?: number | undefined;
}

function rateLimitFrom(opts: StartOptions, env: NodeJS.ProcessEnv): number | undefined {
  if (opts.rateLimit !== undefined) return opts.rateLimit;
  const raw = env.FIBONACCI_EMULATOR_RATE_LIMIT;
  if (raw === undefined || raw === '') return undefined;
  try {
    return parsePositiveInt(raw);
  } catch {
    throw new CliError('config', `FIBONACCI_EMULATOR_RATE_LIMIT must be a positive integer, not "${raw}"`, {
      hint: 'unset it, or give --rate-limit N',
    });
  }
}

function listenError(e: unknown, opts: StartOptions): unknown {
  const code = (e as NodeJS.ErrnoException).code;
  const where = `${opts.host}:${opts.port}`;
  if (code === 'EADDRINUSE') {
    return new CliError('unexpected', `cannot listen on ${where}: address already in use`, {
      hint: 'stop the other server, or pass --port 0 to pick a free port',
    });
  }
  if (code === 'EACCES' || code === 'EADDRNOTAVAIL') {
    return new CliError('unexpected', `cannot listen on ${where}: ${code}`, {
      hint: 'choose another --host or a --port above 1023',
    });
  }
  return e;
}

/**
 * `emulator start`: start the local API, print what a shell needs on stdout (the access log goes
 * to stderr), and run until SIGINT/SIGTERM, then stop cleanly: finish in-flight requests, close the
 * database, exit 0.
 */
export async function runStart(opts: StartOptions, ctx: Context): Promise<void> {
  const dataDir = resolveDataDir(opts.dataDir, ctx.env);
  const rateLimitPerMinute = rateLimitFrom(opts, ctx.env);
  const { startEmulator } = await import('../../emulator/index.js');
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  try {
    emulator = await startEmulator({
      host: opts.host,
      port: opts.port,
      dataDir,
      requireClientCert: opts.requireClientCert === true,
      rateLimitPerMinute,
      env: ctx.env,
      log: (line) => ctx.io.err(`${line}\n`),
    });
  } catch (e) {
    throw listenError(e, opts);
  }

  const lines = [
    `Fibonacci emulator listening on ${emulator.url} (TLS 1.3)`,
    `data dir: ${emulator.dataDir}`,
    `export FIBONACCI_BASE_URL=${shellQuote(emulator.url)} FIBONACCI_CA_CERT=${shellQuote(emulator.caCertPath)}`,
  ];
  if (emulator.clientCertPath && emulator.clientKeyPath) {
    lines.push(
      `export FIBONACCI_CLIENT_CERT=${shellQuote(emulator.clientCertPath)} FIBONACCI_CLIENT_KEY=${shellQuote(emulator.clientKeyPath)}`,
    );
  }
  if (emulator.ownerKey) {
    lines.push(
      `owner key (shown once; also saved to ${emulator.ownerKeyPath}, mode 0600): ${emulator.ownerKey}`,
    );
  }
  ctx.io.out(`${lines.join('\n')}\n`);

  await new Promise<void>((resolve, reject) => {
    const undo = ctx.io.onInterrupt(() => {
      // A second Ctrl-C while stopping falls through to main.ts, which exits at once.
      undo();
      emulator.close().then(() => {
        ctx.io.err('emulator stopped\n');
        resolve();
      }, reject);
    });
  });
}
