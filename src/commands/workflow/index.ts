import type { Command } from '@commander-js/extra-typings';
import { type CommandDeps, examples } from '../shared.js';

/** `fibonacci workflow …`: create, list and run workflows. */
export function registerWorkflow(program: Command, deps: CommandDeps): void {
  const workflow = program.command('workflow').description('Create, list and run workflows');

  const create = workflow
    .command('create')
    .description('Create a workflow from a JSON definition')
    .argument('<name>', 'workflow name, e.g. production/etl')
    .requiredOption('--file <path>', 'the definition as JSON (- reads standard input)')
    .option('--description <text>', 'a one-line description')
    .option('--json', 'print the created workflow as JSON')
    .action(async (name, opts, cmd) => {
      await deps.run(cmd, async (ctx) => (await import('./create.js')).runCreate(name, opts, ctx));
    });
  examples(create, [
    ['create production/etl from a file', 'fibonacci workflow create production/etl --file etl.json'],
  ]);

  const list = workflow
    .command('list')
    .description('List the workflows your key may see')
    .option('--json', 'print JSON')
    .action(async (opts, cmd) => {
      await deps.run(cmd, async (ctx) => (await import('./list.js')).runList(opts, ctx));
    });
  examples(list, [['names only, for a script', 'fibonacci workflow list --json | jq -r ".[].name"']]);

  const run = workflow
    .command('run')
    .description('Run a workflow by name (or id) and print the run')
    .argument('<name>', 'workflow name or id')
    .option('--input <json>', 'input data as a JSON object', '{}')
    .option('--json', 'print the run as JSON')
    .action(async (name, opts, cmd) => {
      await deps.run(cmd, async (ctx) => (await import('./run.js')).runRun(name, opts, ctx));
    });
  examples(run, [
    [
      'run production/etl with some input',
      'fibonacci workflow run production/etl --input \'{"day": "2026-01-23"}\'',
    ],
  ]);
}
