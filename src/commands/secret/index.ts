import { type Command, Option } from '@commander-js/extra-typings';
import { type CommandDeps, examples } from '../shared.js';

const ENV_HELP = 'environment (default: default_environment in config.json, else the shared scope)';

/** `fibonacci secret …`: set, list, delete and rotate secrets per environment, and check the backend. */
export function registerSecret(program: Command, deps: CommandDeps): void {
  const secret = program
    .command('secret')
    .description('Set, list, delete and rotate secrets per environment');

  const set = secret
    .command('set')
    .description('Store a secret value (from a prompt, standard input or a file); every set is a new version')
    .argument('[name]', 'secret name: letters, digits and _, not starting with a digit')
    .option('--env <environment>', ENV_HELP)
    .addOption(
      new Option('--from-file <path>', 'read the value from a file, byte for byte (- for standard input)'),
    )
    .addOption(
      new Option('--value <value>', 'the value itself (leaks into shell history and ps; avoid)').conflicts(
        'fromFile',
      ),
    )
    .addOption(
      new Option('--env-file <file>', 'set every entry of a dotenv file').conflicts(['fromFile', 'value']),
    )
    .action(async (name, opts, cmd) => {
      await deps.run(cmd, async (ctx) => (await import('./set.js')).runSet(name, opts, ctx));
    });
  examples(set, [
    ['type the value at a masked prompt', 'fibonacci secret set API_KEY --env production'],
    ['pipe it (one trailing newline is dropped)', 'printf %s "$TOKEN" | fibonacci secret set API_KEY'],
    ['a PEM key, byte for byte', 'fibonacci secret set TLS_KEY --from-file key.pem'],
    ['everything in a dotenv file', 'fibonacci secret set --env-file .env --env staging'],
  ]);

  const list = secret
    .command('list')
    .description('List secret names and metadata (version, updated, rotation); never values')
    .option('--env <environment>', ENV_HELP)
    .option('--json', 'print JSON')
    .action(async (opts, cmd) => {
      await deps.run(cmd, async (ctx) => (await import('./list.js')).runList(opts, ctx));
    });
  examples(list, [
    ['the secrets of production', 'fibonacci secret list --env production'],
    [
      'names of secrets due for rotation',
      "fibonacci secret list --json | jq -r '.[] | select(.due) | .name'",
    ],
  ]);

  const del = secret
    .command('delete')
    .description('Delete a secret and all its versions (asks first; --yes without a terminal)')
    .argument('<name>', 'secret name')
    .option('--env <environment>', ENV_HELP)
    .option('--yes', 'do not ask for confirmation')
    .action(async (name, opts, cmd) => {
      await deps.run(cmd, async (ctx) => (await import('./delete.js')).runDelete(name, opts, ctx));
    });
  examples(del, [
    ['delete without asking (scripts)', 'fibonacci secret delete OLD_TOKEN --env staging --yes'],
  ]);

  const rotation = secret
    .command('rotation')
    .description("Set or turn off a secret's rotation policy")
    .argument('<name>', 'secret name')
    .option('--env <environment>', ENV_HELP)
    .addOption(new Option('--every <days>', 'rotate every N days (30d, 4w or 30)').conflicts('off'))
    .addOption(
      new Option(
        '--notify-before <days>',
        'flag the secret this long before it is due (default 7d)',
      ).conflicts('off'),
    )
    .option('--off', 'remove the rotation policy')
    .action(async (name, opts, cmd) => {
      await deps.run(cmd, async (ctx) => (await import('./rotation.js')).runRotation(name, opts, ctx));
    });
  examples(rotation, [
    [
      'rotate monthly, flagged a week ahead',
      'fibonacci secret rotation API_KEY --env production --every 30d --notify-before 7d',
    ],
    ['stop tracking rotation', 'fibonacci secret rotation API_KEY --env production --off'],
  ]);

  const health = secret
    .command('health')
    .description('Check the secrets backend (a list and a probe read); exit 1 when unhealthy')
    .option('--json', 'print JSON')
    .action(async (opts, cmd) => {
      await deps.run(cmd, async (ctx) => (await import('./health.js')).runHealth(opts, ctx));
    });
  examples(health, [['in a CI gate', 'fibonacci secret health || exit 1']]);
}
