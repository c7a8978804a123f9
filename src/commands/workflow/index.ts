import { type Command, Option } from '@commander-js/extra-typings';
import { jsonObjectArg } from '../args.js';
import { type CommandDeps, examples, verb } from '../shared.js';

/** `fibonacci workflow …`: create, list and run workflows. */
export function registerWorkflow(program: Command, deps: CommandDeps): void {
  const workflow = program.command('workflow').description('Create, list and run workflows');

  const create = workflow
    .command('create')
    .description('Create a workflow from a JSON definition')
    .argument('<name>', 'workflow name, e.g. production/etl')
    .requiredOption('--file <path>', 'the definition as JSON (- reads standard input)')
    .option('--description <text>', 'a one-line description')
    .option('--json', 'print the created workflow as JSON');
  verb(
    create,
    deps,
    (opts, name) => ({ name, ...opts }),
    async () => (await import('./create.js')).runCreate,
  );
  examples(create, [
    ['create production/etl from a file', 'fibonacci workflow create production/etl --file etl.json'],
  ]);

  const list = workflow
    .command('list')
    .description('List the workflows your key may see')
    .option('--json', 'print JSON');
  verb(list, deps, async () => (await import('./list.js')).runList);
  examples(list, [['names only, for a script', 'fibonacci workflow list --json | jq -r ".[].name"']]);

  const run = workflow
    .command('run')
    .description('Run a workflow by name (or id) and print the run')
    .argument('<name>', 'workflow name or id')
    .addOption(
      new Option('--input <json>', 'input data as a JSON object')
        .argParser(jsonObjectArg)
        .default({}, '"{}"'),
    )
    .option('--json', 'print the run as JSON');
  verb(
    run,
    deps,
    (opts, name) => ({ name, ...opts }),
    async () => (await import('./run.js')).runRun,
  );
  examples(run, [
    [
      'run production/etl with some input',
      'fibonacci workflow run production/etl --input \'{"day": "2026-01-23"}\'',
    ],
  ]);
}
