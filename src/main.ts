import { writeSync } from 'node:fs';
import { CommanderError } from '@commander-js/extra-typings';
import { printError } from './lib/display/error.js';
import { ProcessIO, truthy } from './lib/io.js';
import { VERSION } from './lib/version.js';
import { buildProgram, nounFor, type ProgramDeps } from './program.js';

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
  if (isBareVersion(argv)) {
    io.out(`${VERSION}\n`);
    return 0;
  }
  const program = buildProgram(deps, nounFor(argv));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (e) {
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
  // A bare --version writes straight to fd 1: building the stdout stream alone costs ~3 ms.
  if (isBareVersion(argv)) {
    try {
      writeSync(1, `${VERSION}\n`);
    } catch {
      // A closed pipe: nothing to say, and nothing went wrong.
    }
    process.exit(0);
  }
  const io = new ProcessIO({
    env,
    noColor: argv.includes('--no-color'),
  });
  // A closed pipe (`| head`) ends the program quietly with exit 0.
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
