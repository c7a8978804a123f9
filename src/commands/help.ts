import type { Command } from '@commander-js/extra-typings';
import { closest } from '../lib/closest.js';
import { EXIT_CODES, usageError } from '../lib/errors.js';
import { mayShowName, shownName } from '../lib/shown-value.js';
import { formatTopic } from './help-layout.js';
import { type AnyCommand, type CommandDeps, examples } from './shared.js';

/** Every environment variable the CLI and the emulator read. */
export const ENVIRONMENT: ReadonlyArray<readonly [string, string]> = [
  ['FIBONACCI_API_KEY', 'API key to use; when set, the keychain is not touched at all (for CI)'],
  ['FIBONACCI_BASE_URL', 'API base URL (default https://api.fibonacci.today); flag --api-url'],
  [
    'FIBONACCI_CA_CERT',
    'extra CA bundle (PEM) to trust; flag --ca-cert (NODE_EXTRA_CA_CERTS also works, judged alike)',
  ],
  [
    'FIBONACCI_CLIENT_CERT',
    'client certificate (PEM) for mTLS; needs FIBONACCI_CLIENT_KEY; flag --client-cert',
  ],
  [
    'FIBONACCI_CLIENT_KEY',
    'client private key (PEM) for mTLS; needs FIBONACCI_CLIENT_CERT; flag --client-key',
  ],
  ['FIBONACCI_TIMEOUT', 'per-request timeout in seconds, more than 0 (default 30); flag --timeout'],
  ['FIBONACCI_MAX_RETRIES', 'retries for idempotent requests, 0 to 10 (default 3); flag --retries'],
  ['FIBONACCI_VERIFY_SSL', 'ignored: certificates are always verified (a warning says so when it is false)'],
  ['FIBONACCI_DEBUG', 'print request/response lines on stderr, keys and values redacted; flag --debug'],
  ['FIBONACCI_NO_INPUT', 'never prompt; flag --no-input'],
  ['CI', 'when set, never prompt'],
  ['NO_COLOR', 'never colour output; flag --no-color'],
  ['FORCE_COLOR', 'colour even when not on a terminal (0 turns it off)'],
  ['HTTPS_PROXY, NO_PROXY', 'proxy for API requests, and hosts that bypass it'],
  ['XDG_CONFIG_HOME', 'where config.json lives ($XDG_CONFIG_HOME/fibonacci; default ~/.config/fibonacci)'],
  ['XDG_DATA_HOME', 'where the emulator keeps its data by default ($XDG_DATA_HOME/fibonacci/emulator)'],
  [
    'FIBONACCI_EMULATOR_RATE_LIMIT',
    'emulator: requests per key per minute (600) or per period (5/2s) before 429 (default 6000)',
  ],
  [
    'FIBONACCI_EMULATOR_MASTER_KEY',
    'emulator: 256-bit master key (64 hex characters) that encrypts secret values',
  ],
  // Server settings, read by `emulator start` (also from --env-file) as the platform's server reads them.
  ['APP_ENV', 'emulator: development (default), staging or production; production refuses unsafe settings'],
  ['SESSION_SECRET_KEY', 'emulator: required in production, at least 32 characters'],
  ['ENABLE_DOCS', 'emulator: serve /docs and /openapi.json (must be false in production)'],
  ['ENABLE_DEVELOPER_ROUTES', 'emulator: serve the developer shell route (must be false in production)'],
  ['TRUSTED_PROXY_HOSTS', 'emulator: comma-separated proxy IPs whose X-Forwarded-For is believed'],
  ['SECRETS_BACKEND', 'emulator: db (default) or aws_secrets_manager'],
  ['AWS_REGION, AWS_SECRETS_PREFIX', 'emulator: region (required) and name prefix for aws_secrets_manager'],
  ['XDG_CACHE_HOME', 'where shell completion caches server values for 60 s ($XDG_CACHE_HOME/fibonacci)'],
];

/** The help width commander uses for this command's help (stdout's columns on a TTY, else 80). */
function helpWidth(cmd: AnyCommand): number {
  return cmd.configureOutput().getOutHelpWidth?.() ?? 80;
}

function exitCodesText(width: number): string {
  return formatTopic(
    EXIT_CODES.map((e) => [String(e.code).padStart(3), e.meaning]),
    width,
  );
}

function environmentText(width: number): string {
  return formatTopic(ENVIRONMENT, width);
}

/**
 * `help secrets`: the nearest command (or topic, at the top) to the word that matched nothing, as
 * a whole `fibonacci help …` line, the way an unknown command gets its did-you-mean (also for
 * `fibonacci secret help sett`: usage-errors.ts).
 */
export function unknownTopic(topic: readonly string[], at: number, parent: AnyCommand) {
  // What --help lists: a hidden command (`__complete`) is never suggested.
  const names = parent
    .createHelp()
    .visibleCommands(parent)
    .map((c) => c.name());
  const near = closest(topic[at] ?? '', at === 0 ? [...names, 'exit-codes', 'environment'] : names);
  const hint =
    near === undefined
      ? 'try `fibonacci help exit-codes`, `fibonacci help environment` or `fibonacci --help`'
      : `did you mean \`fibonacci help ${[...topic.slice(0, at), near].join(' ')}\`?`;
  // Each word is what an unknown command would be: repeated when written as commands are.
  const typed = topic.join(' ');
  const shown = topic.every((w) => mayShowName(w, 'command')) ? `"${typed}"` : shownName(typed, 'command');
  return usageError(`unknown help topic ${shown}`, hint);
}

/** `fibonacci help [exit-codes | environment | COMMAND…]`. */
export function registerHelp(program: Command, deps: CommandDeps): void {
  const help = program
    .command('help')
    .description('Show help for a command, or a topic: exit-codes, environment')
    .argument('[topic...]', 'exit-codes, environment, or a command path such as "secret set"')
    .action((topic: string[]) => {
      const [first] = topic;
      if (first === 'exit-codes') return deps.io.out(exitCodesText(helpWidth(help as AnyCommand)));
      if (first === 'environment') return deps.io.out(environmentText(helpWidth(help as AnyCommand)));
      let target: AnyCommand = program as AnyCommand;
      for (const [i, name] of topic.entries()) {
        const next = target.commands.find((c) => c.name() === name || c.aliases().includes(name));
        if (!next) throw unknownTopic(topic, i, target);
        target = next;
      }
      // outputHelp, not helpInformation: the Examples section is added help text.
      target.outputHelp();
    });
  examples(help, [
    ['what each exit code means', 'fibonacci help exit-codes'],
    ['help for one command', 'fibonacci help secret set'],
  ]);
}
