import { type Command, Option } from '@commander-js/extra-typings';
import { ROLE_NAME } from '../../lib/access-policy/names.js';
import { VALID_SCOPES } from '../../lib/scopes.js';
import {
  ArgumentError,
  durationArg,
  envFileArg,
  intArg,
  keyNameArg,
  patternsArg,
  scopesArg,
  timeArg,
} from '../args.js';
import { type CommandDeps, examples, verb } from '../shared.js';

/** A role name as add-user takes it: built-in or custom; whether it exists is checked against the policy. */
function roleArg(value: string): string {
  if (!ROLE_NAME.test(value)) {
    throw new ArgumentError('expected owner, admin, member, viewer or a custom role of the access policy');
  }
  return value;
}

const port = intArg(0, 65535, 'expected a port number from 0 to 65535');
const positiveInt = intArg(1, Number.MAX_SAFE_INTEGER, 'expected a positive integer');

/** `fibonacci emulator …`: a local Fibonacci API for offline work, CI and tests. */
export function registerEmulator(program: Command, deps: CommandDeps): void {
  const emulator = program
    .command('emulator')
    .description('Run a local Fibonacci API for offline work, CI and tests');

  const start = emulator
    .command('start')
    .description('Start the local API over TLS 1.3; runs until Ctrl-C or SIGTERM')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option(
      '--port <port>',
      "port to listen on, 0 to 65535; 0 picks a free one (default: the data dir's last port if free, else a free one)",
      port,
    )
    .option(
      '--data-dir <dir>',
      'database, certificates and owner key (default $XDG_DATA_HOME/fibonacci/emulator)',
    )
    .option('--require-client-cert', 'demand a client certificate signed by the emulator CA (mTLS)')
    .option(
      '--rate-limit <n>',
      'requests per minute per key, 1 or more (env FIBONACCI_EMULATOR_RATE_LIMIT; default 6000)',
      positiveInt,
    )
    .option(
      '--env-file <path>',
      'server settings (APP_ENV, SESSION_SECRET_KEY, …) from a dotenv file; the environment wins',
      envFileArg,
    );
  verb(start, deps, async () => (await import('./start.js')).runStart);
  examples(start, [
    [
      'start it, then export the line it prints in another shell (the first start prints the owner key)',
      'fibonacci emulator start',
    ],
    [
      'in CI: a fixed port and a throw-away data dir',
      'fibonacci emulator start --port 8443 --data-dir "$RUNNER_TEMP/fib" &',
    ],
    ['demand client certificates (mTLS)', 'fibonacci emulator start --require-client-cert'],
    ['behave like production (refuses unsafe settings)', 'fibonacci emulator start --env-file prod.env'],
  ]);

  const addUser = emulator
    .command('add-user')
    .description("Add a user with one API key to an emulator's data dir and print the key")
    .addOption(
      new Option('--role <role>', 'owner, admin, member, viewer, or a custom role of the access policy')
        .argParser(roleArg)
        .makeOptionMandatory(),
    )
    .option('--data-dir <dir>', 'the emulator data dir (default $XDG_DATA_HOME/fibonacci/emulator)')
    .option('--superuser', 'make the user a platform superuser')
    .option('--name <name>', 'name of the user and the key (default: the role)', keyNameArg)
    .option(
      '--scope <scope...>',
      `scopes of the key (default by role); one of ${VALID_SCOPES.join(', ')}`,
      scopesArg,
    )
    .option('--workflows <glob...>', 'workflow-name patterns the key may touch (default **)', patternsArg)
    .option('--expires-at <time>', 'expiry of the key (RFC 3339)', timeArg)
    .option('--plain', 'print the key alone (for $(…))');
  verb(addUser, deps, async () => (await import('./add-user.js')).runAddUser);
  examples(addUser, [
    ['a read-only key for a test', 'fibonacci emulator add-user --role viewer --data-dir ./emu'],
    ['the key alone, for a script', 'KEY=$(fibonacci emulator add-user --role viewer --plain)'],
    [
      'a CI key that may only execute production workflows',
      'fibonacci emulator add-user --role member --scope execute --workflows "production/*"',
    ],
  ]);

  // Out of band, like add-user: a fixture for benchmarks and the demo, not an API action.
  const seedAudit = emulator
    .command('seed-audit')
    .description("Load a synthetic audit history straight into an emulator's data dir (benchmarks, demo)")
    .requiredOption('--count <n>', 'number of events to add, 1 or more', positiveInt)
    .option('--data-dir <dir>', 'the emulator data dir (default $XDG_DATA_HOME/fibonacci/emulator)')
    .addOption(
      new Option('--span <duration>', 'spread the events evenly over this long up to now')
        .argParser(durationArg)
        .default(30 * 86_400, '"30d"'),
    )
    .option('--at <time>', 'give every event this one timestamp (RFC 3339) instead', timeArg);
  verb(seedAudit, deps, async () => (await import('./seed-audit.js')).runSeedAudit);
  examples(seedAudit, [
    ['a million events for the export benchmark', 'fibonacci emulator seed-audit --count 1000000'],
  ]);
}
