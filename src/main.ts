import { writeSync } from 'node:fs';
import { CommanderError } from '@commander-js/extra-typings';
import { withHelpHint } from './commands/usage-errors.js';
import type { AnyCommand } from './lib/completion/model.js';
import { printError } from './lib/display/error.js';
import { CliError, usageError } from './lib/errors.js';
import { ProcessIO, truthy } from './lib/io.js';
import { namesEnvFile, ownCommandLine, startedWithoutSeparator } from './lib/node-env-file.js';
import { tuneRuntime } from './lib/runtime.js';
import { VERSION } from './lib/version.js';
import {
  closedPipeExitCode,
  closedPipeFailure,
  forgetDone,
  StdoutClosed,
  saidWithDone,
  stdoutFailure,
} from './lib/write-errors.js';
import { buildProgram, type ProgramDeps } from './program.js';

/** Started as `node bin/fibonacci.cjs … --env-file F` (no `--`), not as the single binary. */
async function nodeTookEnvFile(): Promise<boolean> {
  const { isSea } = await import('node:sea');
  // The binary's own `--` (its SEA execArgv) ends Node's options before the user's words.
  if (isSea()) return false;
  const cmdline = ownCommandLine();
  return cmdline !== undefined && startedWithoutSeparator(cmdline, process.execArgv);
}

function wantsDebug(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  return argv.includes('--debug') || truthy(env.FIBONACCI_DEBUG);
}

/** `fibonacci --version` alone; with any other word, commander answers it. */
function isBareVersion(argv: readonly string[]): boolean {
  return argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v');
}

/**
 * The bare `--version`, answered here only: straight to fd 1, before the stdout stream or the command
 * tree exist, which a benchmark shows pays (docs/architecture.md, "Start-up work"). A failed write is
 * reported like any other; stderr writes are synchronous on POSIX, so exiting right after is safe.
 */
function printBareVersion(argv: readonly string[], env: NodeJS.ProcessEnv): number {
  try {
    writeSync(1, `${VERSION}\n`);
    return 0;
  } catch (e) {
    return reportStdoutError(e, argv, env);
  }
}

/**
 * A write to fd 1 that failed, as the full CLI reports it (this bare --version, bin/fibonacci.cjs's
 * static outputs after a part was written): a closed pipe is exit 0 and no word, anything else
 * lost the output and is said once.
 */
export function reportStdoutError(
  e: unknown,
  argv: readonly string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): number {
  const failure = stdoutFailure(e);
  if (failure instanceof StdoutClosed) return 0;
  return printError(new ProcessIO({ env, noColor: false }), failure, { debug: wantsDebug(argv, env) });
}

/**
 * Started as `node bin/fibonacci.cjs … --env-file F`: Node read the file too, so nothing more runs.
 * Printed by the one error printer like every other refusal, before any stream exists.
 */
function refuseNodeEnvFile(argv: readonly string[], env: NodeJS.ProcessEnv): number {
  const refusal = usageError(
    'started as `node bin/fibonacci.cjs` with --env-file, which Node reads as its own option too (a NODE_OPTIONS line in the file runs as code)',
    'run the installed `fibonacci` command, or `node -- bin/fibonacci.cjs …`; nothing was read or sent',
  );
  return printError(new ProcessIO({ env, noColor: false }), refusal, { debug: wantsDebug(argv, env) });
}

/** What the process entry adds to a run; tests in process leave it out. */
export interface RunOptions {
  /** Called with the command's path (`audit export`) once argv is parsed, just before its action. */
  beforeAction?: (command: string) => void | Promise<void>;
}

/**
 * Run the CLI for one argv and return the exit code. The only place that turns errors into exit
 * codes: a command returns (exit 0) or throws, and a CliError's kind names the code. `deps` lets
 * tests supply fake IO and a fake keychain.
 */
export async function run(
  argv: readonly string[],
  deps: ProgramDeps,
  options: RunOptions = {},
): Promise<number> {
  const { io } = deps;
  forgetDone();
  const { code, saidWhy } = await runCommand(argv, deps, options);
  // A command has not succeeded until its output did: a full disk or `> /dev/full` fails here even
  // for a command that never looked (any --json list, --help), instead of exiting 0. The same for a
  // command whose output is its answer and whose exit code only grades it (security check's 11,
  // access check's "no"): the report was lost, and that is what the user must hear. A command
  // that failed with its own error already said why; a closed pipe changes nothing (`| head`).
  try {
    await io.flushOut();
  } catch (e) {
    if (!saidWhy && !(e instanceof StdoutClosed))
      return printError(io, saidWithDone(e), { debug: wantsDebug(argv, deps.env) });
  }
  return code;
}

/** A command's exit code, and whether it ended with its own error (printed, or an interrupt). */
interface Outcome {
  code: number;
  saidWhy: boolean;
}

/** A silent verdict: the command printed its report and grades it with this code (exit 11). */
function isVerdict(e: unknown): boolean {
  return e instanceof CliError && e.silent && e.kind === 'check_failed';
}

async function runCommand(argv: readonly string[], deps: ProgramDeps, options: RunOptions): Promise<Outcome> {
  const { io } = deps;
  const program = buildProgram(deps);
  const { beforeAction } = options;
  // The command that ran, for the hint of a usage error it throws (the root until one runs).
  let acting: AnyCommand = program;
  program.hook('preAction', async (_root, action) => {
    acting = action;
    await beforeAction?.(commandPath(action));
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    io.clearStatus();
    return { code: 0, saidWhy: false };
  } catch (e) {
    // A progress line a command left up is not the last thing on the screen, nor its error's tail.
    io.clearStatus();
    // `| head` closed the pipe: nothing to say, and nothing went wrong.
    if (e instanceof StdoutClosed) return { code: 0, saidWhy: false };
    if (e instanceof CommanderError) {
      // --help, --version, and `fibonacci auth` with no verb (the help, as gh does) succeeded.
      const shown = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(e.code);
      return shown ? { code: 0, saidWhy: false } : { code: 2, saidWhy: true };
    }
    const code = printError(io, withHelpHint(saidWithDone(e), acting), { debug: wantsDebug(argv, deps.env) });
    return { code, saidWhy: !isVerdict(e) };
  }
}

/** `audit export` for the export command: the names from the root down, the root left out. */
function commandPath(command: AnyCommand): string {
  const names: string[] = [];
  for (let c: AnyCommand | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Process entry: real streams, real environment. */
export async function main(): Promise<void> {
  const env = process.env;
  const argv = process.argv.slice(2);
  if (namesEnvFile(argv) && (await nodeTookEnvFile())) process.exit(refuseNodeEnvFile(argv, env));
  if (isBareVersion(argv)) process.exit(printBareVersion(argv, env));
  const io = new ProcessIO({
    env,
    noColor: argv.includes('--no-color'),
  });
  // A closed pipe (`| head`) ends the program quietly with exit 0, or with the verdict a gate
  // already knew (closedPipeExitCode). Any other stdout error (ENOSPC, EIO) reaches the IO through
  // its write callbacks, which fail the command (see io.ts); the event is only kept from crashing
  // the process. A failing stderr has no one left to tell.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') return;
      const failure = closedPipeFailure();
      process.exit(
        failure ? printError(io, failure, { debug: wantsDebug(argv, env) }) : closedPipeExitCode(),
      );
    });
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (!io.interrupt(signal)) process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
  const code = await run(argv, { io, env }, { beforeAction: tuneRuntime });
  // Flush stdout before exiting: a pending keyring thread must not keep the process alive.
  process.stdout.write('', () => process.exit(code));
}

/**
 * The help texts and completion scripts, by argv form and width (cli-static.ts), for
 * scripts/build.mjs to write beside this bundle: bin/fibonacci.cjs prints them without loading it.
 */
export async function staticOutputs(): Promise<import('./cli-static.js').StaticOutputs> {
  return (await import('./cli-static.js')).staticOutputs();
}
