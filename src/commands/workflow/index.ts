import { type Command, Option } from '@commander-js/extra-typings';
import { WORKFLOW_ID } from '../../lib/validate.js';
import { environmentArg, jsonObjectArg, newWorkflowNameArg, workflowNameArg } from '../args.js';
import { type CommandDeps, examples, verb } from '../shared.js';

const RUN_NAME_HINT = '`fibonacci workflow list` shows the workflows your key may see';

/**
 * `run`'s NAME: an id (`wf_` and 24 hex digits) as given, else the name rule `create` applies,
 * checked before anything is sent: `production//x` or `a/../b` is a usage error (exit 2), not a
 * "no workflow named" (12) a script could read as "create it first" (newcomer s14 NC-12).
 */
function runNameArg(value: string): string {
  workflowNameArg(RUN_NAME_HINT)(value);
  return WORKFLOW_ID.test(value) ? value : newWorkflowNameArg(value);
}

/** `fibonacci workflow …`: create, list and run workflows. */
export function registerWorkflow(program: Command, deps: CommandDeps): void {
  const workflow = program
    .command('workflow')
    .description('Create, list and run workflows (create-only: the API cannot change or delete one)');

  const create = workflow
    .command('create')
    .description(
      'Create a workflow from its definition (JSON, or YAML for a .yaml/.yml file); workflows are create-only: a new version takes a new name',
    )
    .argument('<name>', 'workflow name, e.g. production/etl', newWorkflowNameArg)
    .requiredOption(
      '--file <path>',
      'the definition: JSON, YAML when it ends in .yaml/.yml (- reads JSON from standard input)',
    )
    .option('--description <text>', 'a one-line description')
    .option(
      '--allow-hardcoded-credentials',
      'create it even when the file or --description holds a credential `security check` finds (each is warned about)',
    )
    .option('--json', 'print the created workflow as JSON');
  verb(
    create,
    deps,
    (opts, name) => ({ name, ...opts }),
    async () => (await import('./create.js')).runCreate,
  );
  examples(create, [
    ['create production/etl from a file', 'fibonacci workflow create production/etl --file etl.json'],
    [
      'from the YAML that security check scans',
      'fibonacci workflow create production/triage --file triage.yaml',
    ],
    ['a file with a credential in it is refused: check it first', 'fibonacci security check triage.yaml'],
  ]);

  const list = workflow
    .command('list')
    .description('List the workflows your key may see')
    .option('--json', 'print JSON');
  verb(list, deps, async () => (await import('./list.js')).runList);
  examples(list, [['names only, for a script', 'fibonacci workflow list --json | jq -r ".[].name"']]);

  const run = workflow
    .command('run')
    .description(
      'Run a workflow by name (or id) and print the run; exit 1 when the run fails (a secret it references is not set)',
    )
    .argument('<name>', 'workflow name or id', runNameArg)
    .addOption(
      new Option(
        '--env <environment>',
        'where {{secrets.NAME}} resolve (then the shared scope); default: the shared scope only',
      ).argParser(environmentArg),
    )
    .addOption(
      new Option('--input <json>', 'input data as a JSON object (default: {})').argParser(jsonObjectArg),
    )
    .addOption(
      new Option('--input-file <path>', 'input data from a JSON file (- reads standard input)').conflicts(
        'input',
      ),
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
      'fibonacci workflow run production/etl --env production --input \'{"day": "2026-01-23"}\'',
    ],
    ['input from a file', 'fibonacci workflow run production/etl --env production --input-file input.json'],
  ]);
}
