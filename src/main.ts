import { writeSync } from 'node:fs';
import { CommanderError } from '@commander-js/extra-typings';
import { printError } from './lib/display/error.js';
import { ProcessIO, truthy } from './lib/io.js';
import { namesEnvFile, ownCommandLine, startedWithoutSeparator } from './lib/node-env-file.js';
import { VERSION } from './lib/version.js';
import { describeWriteError, StdoutClosed } from './lib/write-errors.js';
import { buildProgram, nounFor, type ProgramDeps } from './program.js';

/** Started as `node bin/fibonacci.cjs … --env-file F` (no `--`), not as the single binary. */
async function nodeTookEnvFile(): Promise<boolean> {
  const { isSea } = await import('node:sea');
  if (isSea()) return false;
  const cmdline = ownCommandLine();
  return cmdline !== undefined && startedWithoutSeparator(cmdline, process.execArgv);
}

function wantsDebug(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  return argv.includes('--debug') || truthy(env.FIBONACCI_DEBUG);
}

/** `fibonacci --version` alone: answered without the command tree (start-up is its whole cost). */
function isBareVersion(argv: readonly string[]): boolean {
  return argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v');
}

/**
 * Run the CLI for one argv and return the exit code. The only place that turns errors into exit
 * codes: a command returns (exit 0) or throws, and a CliError's kind names the code. `deps` lets
 * tests supply fake IO and a fake keychain.
 */
export async function run(argv: readonly string[], deps: ProgramDeps): Promise<number> {
  const { io } = deps;
  let code: number;
  if (isBareVersion(argv)) {
    io.out(`${VERSION}\n`);
    code = 0;
  } else {
    code = await runCommand(argv, deps);
  }
  // A command has not succeeded until its output did: a full disk or `> /dev/full` fails here even
  // for a command that never looked (any --json list, --help), instead of exiting 0. A command that
  // failed already said why; a closed pipe changes nothing (cli.md).
  try {
    await io.flushOut();
  } catch (e) {
    if (code === 0 && !(e instanceof StdoutClosed))
      return printError(io, e, { debug: wantsDebug(argv, deps.env) });
  }
  return code;
}

async function runCommand(argv: readonly string[], deps: ProgramDeps): Promise<number> {
  const { io } = deps;
  const program = buildProgram(deps, nounFor(argv));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    io.clearStatus();
    return 0;
  } catch (e) {
    // A progress line a command left up is not the last thing on the screen, nor its error's tail.
    io.clearStatus();
    // `| head` closed the pipe: nothing to say, and nothing went wrong (cli.md).
    if (e instanceof StdoutClosed) return 0;
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
      // `fibonacci auth` with no verb shows the help, as gh does.
      if (e.code === 'commander.help') return 0;
      return 2;
    }
    return printError(io, e, { debug: wantsDebug(argv, deps.env) });
  }
}

/** Process entry: real streams, real environment. */
export async function main(): Promise<void> {
  const env = process.env;
  const argv = process.argv.slice(2);
  if (namesEnvFile(argv) && (await nodeTookEnvFile())) {
    writeSync(
      2,
      'error: started as `node bin/fibonacci.cjs` with --env-file, which Node reads as its own option too (a NODE_OPTIONS line in the file runs as code)\n' +
        'hint: run the installed `fibonacci` command, or `node -- bin/fibonacci.cjs …`; nothing was read or sent\n',
    );
    process.exit(2);
  }
  // A bare --version writes straight to fd 1: building the stdout stream alone costs ~3 ms.
  if (isBareVersion(argv)) {
    try {
      writeSync(1, `${VERSION}\n`);
    } catch (e) {
      // A closed pipe: nothing to say, and nothing went wrong. Anything else lost the output.
      if ((e as NodeJS.ErrnoException).code !== 'EPIPE') {
        try {
          writeSync(2, `error: cannot write to standard output: ${describeWriteError(e)}\n`);
        } catch {}
        process.exit(1);
      }
    }
    process.exit(0);
  }
  const io = new ProcessIO({
    env,
    noColor: argv.includes('--no-color'),
  });
  // A closed pipe (`| head`) ends the program quietly with exit 0. Any other stdout error (ENOSPC,
  // EIO) reaches the IO through its write callbacks, which fail the command (see io.ts); the event
  // is only kept from crashing the process. A failing stderr has no one left to tell.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0);
    });
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (!io.interrupt(signal)) process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
  const code = await run(argv, { io, env });
  // Flush stdout before exiting: a pending keyring thread must not keep the process alive.
  process.stdout.write('', () => process.exit(code));
}
