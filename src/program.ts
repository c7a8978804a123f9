import { Command } from '@commander-js/extra-typings';
import { registerAccess } from './commands/access/index.js';
import { reportArgumentErrors } from './commands/args.js';
import { registerAudit } from './commands/audit/index.js';
import { registerAuth } from './commands/auth/index.js';
import { registerCompletion } from './commands/completion/index.js';
import { registerEmulator } from './commands/emulator/index.js';
import { registerHelp } from './commands/help.js';
import { HELP_LAYOUT } from './commands/help-layout.js';
import { registerOrg } from './commands/org/index.js';
import { registerSecret } from './commands/secret/index.js';
import { registerSecurity } from './commands/security/index.js';
import type { AnyCommand, CommandDeps } from './commands/shared.js';
import { commanderUsageError, reportUsageErrors } from './commands/usage-errors.js';
import { registerWorkflow } from './commands/workflow/index.js';
import { type ContextOverrides, createContext } from './lib/context.js';
import { printError } from './lib/display/error.js';
import { helpWidth, type IO } from './lib/io.js';
import { MAX_RETRIES_LIMIT } from './lib/settings.js';
import { VERSION } from './lib/version.js';

export interface ProgramDeps {
  io: IO;
  env: NodeJS.ProcessEnv;
  overrides?: ContextOverrides;
  /** Replace how a verb runs (tests of the argv boundary record the options instead). */
  runVerb?: CommandDeps['run'];
}

/** The nouns, in the order `--help` lists them. */
const NOUNS = [
  registerAuth,
  registerSecret,
  registerWorkflow,
  registerAudit,
  registerEmulator,
  registerOrg,
  registerAccess,
  registerSecurity,
  registerCompletion,
] as const;

/**
 * `fibonacci --help` lists the nouns in groups, as gh does: what most people use, the emulator (its
 * own world: a server), and the rest. Unlisted commands (help) are additional.
 */
const HELP_GROUPS: Readonly<Record<string, string>> = {
  auth: 'Core commands:',
  secret: 'Core commands:',
  workflow: 'Core commands:',
  audit: 'Core commands:',
  emulator: 'Emulator commands:',
};

/**
 * Commander lists its own `help [command]` in every list of subcommands, and the root's
 * `.helpCommand(false)` is not inherited: `fibonacci help …` is the one help command.
 */
function withoutHelpCommands(cmd: AnyCommand): void {
  cmd.helpCommand(false);
  for (const sub of cmd.commands) withoutHelpCommands(sub);
}

/**
 * Build the commander tree. Shared by main.ts, the tests and the completion generator, so it must
 * stay cheap: command files load their heavy parts only when they run. Always the whole tree:
 * building only the noun argv names saved about 1 ms of a start (docs/architecture.md, "Start-up
 * work"), too little for a second way to build it.
 */
export function buildProgram(deps: ProgramDeps): AnyCommand {
  const program = new Command('fibonacci')
    .description('Work with the Fibonacci AI-workflow platform from the command line.')
    .version(VERSION, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .option('--api-url <url>', 'API base URL (default https://api.fibonacci.today)')
    .option('--ca-cert <path>', 'extra CA bundle (PEM) to trust')
    .option('--client-cert <path>', 'client certificate (PEM) for mTLS; needs --client-key')
    .option('--client-key <path>', 'client private key (PEM) for mTLS; needs --client-cert')
    .option('--timeout <seconds>', 'per-request timeout in seconds, more than 0 (default 30)')
    .option('--retries <n>', `retries for idempotent requests, 0 to ${MAX_RETRIES_LIMIT} (default 3)`)
    .option('--no-color', 'never colour output')
    .option('--no-input', 'never prompt')
    .option('--debug', 'print request/response lines on stderr (keys and values redacted)')
    .showSuggestionAfterError(true)
    .helpCommand(false)
    // Set before any subcommand exists so every command inherits them.
    .configureHelp(HELP_LAYOUT)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => deps.io.out(s),
      writeErr: (s) => deps.io.err(s),
      // commander's own reading (the stream's columns on a TTY, else its 80), with 0 as 80.
      getOutHelpWidth: () => helpWidth('stdout'),
      getErrHelpWidth: () => helpWidth('stderr'),
      // Replaced per command by reportUsageErrors once the tree is built.
      outputError: (s) => printError(deps.io, commanderUsageError(s, program as AnyCommand)),
    });

  const commandDeps: CommandDeps = {
    io: deps.io,
    env: deps.env,
    overrides: deps.overrides ?? {},
    run:
      deps.runVerb ??
      (async (_cmd, options, load) => {
        // The root's options, wherever they stood on the command line: commander keeps them here.
        const ctx = createContext(deps.io, deps.env, program.opts(), deps.overrides);
        try {
          await (await load())(options, ctx);
        } finally {
          // Never rejects: the command's error or exit code is what the user sees.
          await ctx.close();
        }
      }),
    globals: () => program.opts(),
  };

  for (const register of NOUNS) register(program, commandDeps);
  registerHelp(program, commandDeps);
  // Groups are listed in the order of their first command (NOUNS): core, emulator, additional.
  for (const c of program.commands) c.helpGroup(HELP_GROUPS[c.name()] ?? 'Additional commands:');
  withoutHelpCommands(program as AnyCommand);
  reportArgumentErrors(program);
  reportUsageErrors(program as AnyCommand, deps.io);
  return program;
}
