import { Argument, type Command, Option } from '@commander-js/extra-typings';
import { RESOURCE_ACTIONS, type ResourceKind } from '../../lib/access-policy/names.js';
import { usageError } from '../../lib/errors.js';
import { resourceArg, roleArg, userIdArg } from '../args.js';
import { type CommandDeps, examples, verb } from '../shared.js';
import type { CheckOptions } from './check.js';

/** Every action a resource rule can name (workflows have them all). */
const ACTIONS = RESOURCE_ACTIONS.workflows;

/** `access check`: the action must be one of the resource kind's; --user and --role exclude each other. */
function checkOptions(
  opts: { user?: string; role?: string; json?: true },
  action: string,
  resource: string,
): CheckOptions {
  const kind = resource.slice(0, resource.indexOf('/')) as ResourceKind;
  const actions: readonly string[] = RESOURCE_ACTIONS[kind];
  if (!actions.includes(action)) {
    throw usageError(
      `"${action}" is not an action on ${kind}: ${actions.join(', ')}`,
      `e.g. fibonacci access check ${actions[0]} ${resource}`,
    );
  }
  return { action, resource, user: opts.user, role: opts.role, json: opts.json };
}

/** `fibonacci access …`: the access_control and security.network blocks of fibonacci.yaml. */
export function registerAccess(program: Command, deps: CommandDeps): void {
  const access = program
    .command('access')
    .description("Apply, show and test your organization's access policy");

  const apply = access
    .command('apply')
    .description(
      "Send fibonacci.yaml's access_control and security.network to the server (owner): checked locally first, the changes shown, then confirmed",
    )
    .argument('[file]', 'the policy file (default ./fibonacci.yaml)')
    .option('--dry-run', 'show what would change and stop; nothing is sent')
    .option('--yes', 'apply without asking (needed without a terminal)');
  verb(
    apply,
    deps,
    (opts, file) => ({ file: file ?? 'fibonacci.yaml', dryRun: opts.dryRun, yes: opts.yes }),
    async () => (await import('./apply.js')).runApply,
  );
  examples(apply, [
    ['see what would change', 'fibonacci access apply --dry-run'],
    ['apply another file from CI, without a prompt', 'fibonacci access apply deploy/fibonacci.yaml --yes'],
  ]);

  const show = access
    .command('show')
    .description(
      'Show the policy as the server holds it (version, who changed it, when); YAML you can paste into fibonacci.yaml',
    )
    .option('--json', 'print JSON');
  verb(show, deps, async () => (await import('./show.js')).runShow);
  examples(show, [
    ['the policy in force', 'fibonacci access show'],
    ['its version, for a script', 'fibonacci access show --json | jq .version'],
  ]);

  const check = access
    .command('check')
    .description(
      'May they? yes (exit 0) or no (exit 11), with the rule that decided; for you, or (admin) a member or a role',
    )
    .addArgument(new Argument('<action>', 'what they would do').choices(ACTIONS))
    .argument('<resource>', 'workflows/<name> or secrets/<environment or shared>/<NAME>', resourceArg)
    .addOption(new Option('--user <user-id>', 'ask for this member').argParser(userIdArg).conflicts('role'))
    .addOption(new Option('--role <role>', 'ask for this role').argParser(roleArg))
    .option('--json', 'print JSON');
  verb(check, deps, checkOptions, async () => (await import('./check.js')).runCheck);
  examples(check, [
    ['may I run production/etl?', 'fibonacci access check execute workflows/production/etl'],
    [
      'may a production-deployer read the production API_KEY?',
      'fibonacci access check read secrets/production/API_KEY --role production-deployer',
    ],
    [
      'in a script: exit 0 for yes, 11 for no',
      'fibonacci access check execute workflows/x --user user-123 --json',
    ],
  ]);
}
