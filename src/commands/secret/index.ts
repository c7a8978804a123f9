import { type Command, Option } from '@commander-js/extra-typings';
import { plural } from '../../lib/display/plural.js';
import { usageError } from '../../lib/errors.js';
import { daysArg, envFileArg, environmentArg, secretNameArg } from '../args.js';
import { type CommandDeps, examples, verb } from '../shared.js';
import type { RotationOptions } from './rotation.js';
import type { SetOptions } from './set.js';

const ENV_HELP = 'environment (default: default_environment in config.json, else the shared scope)';

/** `--env E`, checked against the environment rule; the config file's default is applied later. */
const envOption = () => new Option('--env <environment>', ENV_HELP).argParser(environmentArg);

/** `secret set`: one value for NAME, or every entry of --env-file; never both, never neither. */
function setOptions(
  opts: { env?: string; fromFile?: string; value?: string; envFile?: string; yes?: true },
  name: string | undefined,
): SetOptions {
  if (opts.envFile !== undefined) {
    if (name !== undefined) {
      throw usageError(
        'give either NAME or --env-file, not both',
        'the names come from the file with --env-file',
      );
    }
    return { envFile: opts.envFile, env: opts.env, yes: opts.yes };
  }
  if (name === undefined) {
    throw usageError(
      'missing secret NAME',
      'fibonacci secret set NAME [--env E], or --env-file FILE for many',
    );
  }
  return { name, env: opts.env, fromFile: opts.fromFile, value: opts.value, yes: opts.yes };
}

/** `secret rotation`: `--every` (and `--notify-before`, shorter) or `--off`. */
function rotationOptions(
  opts: { env?: string; every?: number; notifyBefore?: number; off?: true },
  name: string,
): RotationOptions {
  if (opts.off) return { name, env: opts.env, policy: { off: true } };
  const { every, notifyBefore } = opts;
  if (every === undefined) {
    throw usageError(
      'give --every DAYS (e.g. --every 30d) or --off',
      'fibonacci secret rotation NAME --every 30d',
    );
  }
  if (notifyBefore !== undefined && notifyBefore >= every) {
    throw usageError(
      `--notify-before (${plural(notifyBefore, 'day')}) must be shorter than --every (${plural(every, 'day')})`,
      'e.g. --every 30d --notify-before 7d',
    );
  }
  return { name, env: opts.env, policy: { everyDays: every, notifyBeforeDays: notifyBefore } };
}

/** `fibonacci secret …`: set, list, delete and rotate secrets per environment, and check the backend. */
export function registerSecret(program: Command, deps: CommandDeps): void {
  const secret = program
    .command('secret')
    .description('Set, list, delete and rotate secrets per environment');

  const set = secret
    .command('set')
    .description('Store a secret value (from a prompt, standard input or a file); every set is a new version')
    .argument('[name]', 'secret name: letters, digits and _, not starting with a digit', secretNameArg)
    .addOption(envOption())
    .addOption(
      new Option('--from-file <path>', 'read the value from a file, byte for byte (- for standard input)'),
    )
    .addOption(
      new Option('--value <value>', 'the value itself (leaks into shell history and ps; avoid)').conflicts(
        'fromFile',
      ),
    )
    .addOption(
      new Option(
        '--env-file <file>',
        'set every entry of a dotenv file: every line is checked first, one bad line and nothing is sent; then one request per entry (the API has no batch endpoint), stopping at the first failure',
      )
        .conflicts(['fromFile', 'value'])
        .argParser(envFileArg),
    )
    .option(
      '--yes',
      'the --env is new even if near an existing one (else a typo, refused; not checked with a key that may not read secrets)',
    );
  verb(set, deps, setOptions, async () => (await import('./set.js')).runSet);
  examples(set, [
    ['type the value at a masked prompt', 'fibonacci secret set API_KEY --env production'],
    ['pipe it (one trailing newline is dropped)', 'printf %s "$TOKEN" | fibonacci secret set API_KEY'],
    ['a PEM key, byte for byte', 'fibonacci secret set TLS_KEY --from-file key.pem'],
    ['everything in a dotenv file', 'fibonacci secret set --env-file .env --env staging'],
  ]);

  const list = secret
    .command('list')
    .description('List secret names and metadata (version, updated, rotation); never values')
    .addOption(envOption())
    .addOption(
      new Option('--all', 'every scope: the shared one and each environment that holds secrets').conflicts(
        'env',
      ),
    )
    .option('--json', 'print JSON');
  verb(list, deps, async () => (await import('./list.js')).runList);
  examples(list, [
    ['the secrets of production', 'fibonacci secret list --env production'],
    ['every environment at once', 'fibonacci secret list --all'],
    [
      'names of secrets due for rotation',
      "fibonacci secret list --json | jq -r '.[] | select(.due) | .name'",
    ],
  ]);

  const del = secret
    .command('delete')
    .description('Delete a secret and all its versions (asks first; --yes without a terminal)')
    .argument('<name>', 'secret name', secretNameArg)
    .addOption(envOption())
    .option('--yes', 'do not ask for confirmation');
  verb(
    del,
    deps,
    (opts, name) => ({ name, ...opts }),
    async () => (await import('./delete.js')).runDelete,
  );
  examples(del, [
    ['delete without asking (scripts)', 'fibonacci secret delete OLD_TOKEN --env staging --yes'],
  ]);

  const rotation = secret
    .command('rotation')
    .description("Set or turn off a secret's rotation policy")
    .argument('<name>', 'secret name', secretNameArg)
    .addOption(envOption())
    .addOption(
      new Option('--every <days>', 'rotate every N days (30d, 4w or 30)')
        .argParser(daysArg())
        .conflicts('off'),
    )
    .addOption(
      new Option('--notify-before <days>', 'flag the secret this long before it is due (default 7d)')
        .argParser(daysArg({ min: 0 }))
        .conflicts('off'),
    )
    .option('--off', 'remove the rotation policy');
  verb(rotation, deps, rotationOptions, async () => (await import('./rotation.js')).runRotation);
  examples(rotation, [
    [
      'rotate monthly, flagged a week ahead',
      'fibonacci secret rotation API_KEY --env production --every 30d --notify-before 7d',
    ],
    ['stop tracking rotation', 'fibonacci secret rotation API_KEY --env production --off'],
  ]);

  const health = secret
    .command('health')
    .description('Check the secrets backend (a list and a probe read); exit 11 when unhealthy')
    .option('--json', 'print JSON');
  verb(health, deps, async () => (await import('./health.js')).runHealth);
  examples(health, [['in a CI gate', 'fibonacci secret health || exit 1']]);
}
