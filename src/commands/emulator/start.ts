import type { Context } from '../../lib/context.js';
import { printError } from '../../lib/display/error.js';
import { line, note, warn } from '../../lib/display/messages.js';
import { join } from '../../lib/display/text.js';
import { CliError } from '../../lib/errors.js';
import { shellQuote } from '../../lib/quote.js';
import { shownNameBare } from '../../lib/shown-value.js';
import { keyLine, resolveDataDir, untrustedDataDir } from './data-dir.js';

export interface StartOptions {
  host: string;
  /** Not given: the data dir's last port when free (src/emulator/index.ts). */
  port?: number | undefined;
  dataDir?: string | undefined;
  requireClientCert?: boolean | undefined;
  rateLimit?: number | undefined;
  envFile?: string | undefined;
}

/**
 * Judge the server settings before anything is opened: print every warning, and every fatal
 * finding as an `error:` line, then refuse with exit 3 (config) so nothing listens.
 */
async function checkSettings(opts: StartOptions, ctx: Context) {
  const { evaluateSettings, settingsSource, EnvFileError } = await import('../../emulator/settings.js');
  let vars: Record<string, string>;
  try {
    vars = settingsSource(ctx.env, opts.envFile);
  } catch (e) {
    if (e instanceof EnvFileError)
      throw new CliError('config', e.message, { hint: 'check the path given to --env-file' });
    throw e;
  }
  const { settings, findings } = evaluateSettings(vars);
  if (settings.secretsBackend === 'aws_secrets_manager') {
    const { sdkFinding } = await import('../../emulator/secrets/aws-sdk.js');
    const missing = await sdkFinding();
    if (missing) findings.push(missing);
  }
  for (const f of findings) if (f.severity === 'warning') warn(ctx.io, f.message);
  const fatal = findings.filter((f) => f.severity === 'fatal');
  if (fatal.length > 0) throw refusal(fatal, settings.appEnv, ctx);
  return settings;
}

/**
 * Print all but the last fatal finding as `error:` lines (through the one error printer); the last
 * becomes the thrown error (exit 3), which main prints with the hint.
 */
function refusal(
  fatal: ReadonlyArray<{ message: string; hint?: string }>,
  appEnv: string,
  ctx: Context,
): CliError {
  for (const f of fatal.slice(0, -1)) printError(ctx.io, new CliError('config', f.message));
  const where = appEnv === 'development' ? '' : ` (APP_ENV=${appEnv})`;
  const own = fatal.length === 1 ? fatal[0]?.hint : undefined;
  return new CliError('config', fatal.at(-1)?.message ?? 'invalid server settings', {
    hint:
      own ??
      `the emulator refused to start${where}: fix the setting${fatal.length > 1 ? 's' : ''} above in the environment or the --env-file`,
  });
}

/**
 * The warning for a --host other machines may reach (hostile pass s14, HX-12: `--host 0.0.0.0`
 * printed only the loopback URL it can be reached at, not that the LAN can reach it too).
 */
export function exposure(host: string): string | undefined {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h)) return undefined;
  const where =
    h === '0.0.0.0' || h === '::' || h === ''
      ? 'on every interface of this machine'
      : `on ${shownNameBare(host, 'value')}`;
  return `the emulator listens ${where}: other machines on your network can call its API (keep the owner key to yourself, or use --host 127.0.0.1)`;
}

function listenError(e: unknown, opts: StartOptions): unknown {
  const code = (e as NodeJS.ErrnoException).code;
  // A token pasted after --host would be repeated by the resolver's own words: never shown whole.
  const port = opts.port ?? 0;
  const where = `${shownNameBare(opts.host, 'value')}:${port}`;
  if (code === 'EADDRINUSE') {
    // The machine's configuration, not a fault of the program: exit 3, like an unreadable CA file.
    return new CliError('config', `cannot listen on ${where}: port ${port} is already in use`, {
      hint: 'stop the other server, or pass --port 0 to pick a free port',
    });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new CliError('config', `cannot listen on ${where}: no such host`, {
      hint: 'pass --host an address of this machine (127.0.0.1 by default)',
    });
  }
  if (code === 'EACCES' || code === 'EADDRNOTAVAIL') {
    return new CliError('config', `cannot listen on ${where}: ${code}`, {
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
  const settings = await checkSettings(opts, ctx);
  const { startEmulator } = await import('../../emulator/index.js');
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  try {
    emulator = await startEmulator({
      host: opts.host,
      port: opts.port ?? 'last',
      dataDir,
      requireClientCert: opts.requireClientCert === true,
      rateLimitPerMinute: opts.rateLimit,
      settings,
      env: ctx.env,
      envFile: opts.envFile,
      // The access log quotes request paths, text from any client: printed escaped, line by line
      // (an internal error's stack spans several).
      log: (text) => {
        for (const l of text.split('\n')) note(ctx.io, l);
      },
    });
  } catch (e) {
    const { StartupRefusedError } = await import('../../emulator/settings.js');
    if (e instanceof StartupRefusedError) throw refusal(e.findings, settings.appEnv, ctx);
    throw (await untrustedDataDir(e)) ?? listenError(e, opts);
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
    const saved = `also saved to ${emulator.ownerKeyPath}, mode 0600`;
    lines.push(keyLine('owner', [saved], emulator.ownerKey));
  }
  line(ctx.io, join(lines, '\n'));
  const exposed = exposure(opts.host);
  if (exposed) warn(ctx.io, exposed);
  if (emulator.portMoved !== undefined) {
    warn(
      ctx.io,
      `port ${emulator.portMoved}, this data dir's last, is in use: listening on ${emulator.port} instead; export FIBONACCI_BASE_URL again (and log in again: a stored key belongs to its origin), or pass --port`,
    );
  }

  await new Promise<void>((resolve, reject) => {
    const undo = ctx.io.onInterrupt(() => {
      // A second Ctrl-C while stopping falls through to main.ts, which exits at once.
      undo();
      emulator.close().then(() => {
        note(ctx.io, 'emulator stopped');
        resolve();
      }, reject);
    });
  });
}
