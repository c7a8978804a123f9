import type { Command } from '@commander-js/extra-typings';
import { roleArg, userIdArg } from '../args.js';
import { type CommandDeps, examples, verb } from '../shared.js';
import { governancePairs, quotaPairs } from './pairs.js';

/** `fibonacci org …`: the organization's members, quota and governance settings. */
export function registerOrg(program: Command, deps: CommandDeps): void {
  const org = program
    .command('org')
    .description("View and change your organization's members, quota and governance");

  const members = org
    .command('members')
    .description('List the members and the role each is decided as (needs admin or owner)')
    .option('--json', 'print JSON');
  verb(members, deps, async () => (await import('./members.js')).runMembers);
  const setRole = members
    .command('set-role')
    .description(
      "Give a member a role, built-in or the access policy's (owner; an admin only below admin; never your own)",
    )
    .argument('<user>', "the member's user id (see fibonacci org members)", userIdArg)
    .argument('<role>', 'owner, admin, member, viewer or a custom role of the access policy', roleArg)
    .option('--json', 'print JSON');
  verb(
    setRole,
    deps,
    (opts, user, role) => ({ user, role, json: opts.json ?? members.opts().json }),
    async () => (await import('./members.js')).runSetRole,
  );
  examples(members, [
    ['who is in the organization, and as what?', 'fibonacci org members'],
    [
      'the user ids of the admins',
      'fibonacci org members --json | jq -r \'.[] | select(.role == "admin") | .user_id\'',
    ],
  ]);
  examples(setRole, [
    ['let a member deploy to production', 'fibonacci org members set-role user-123 production-deployer'],
  ]);

  const quota = org
    .command('quota')
    .description('Show plan limits, overrides and the effective quota (needs admin or owner)')
    .option('--json', 'print JSON');
  verb(quota, deps, async () => (await import('./quota.js')).runQuota);
  const quotaSet = quota
    .command('set')
    .description('Override quota limits (owner); each value a whole number, at most 100× the plan default')
    .argument(
      '<KEY=VALUE...>',
      'workflow_runs_per_hour, concurrent_executions or memory_mb = a whole number',
      quotaPairs,
    )
    .option('--json', 'print JSON');
  verb(
    quotaSet,
    deps,
    // `quota set K=V --json`: commander gives --json to quota, which declares it too (a parent
    // parses its own flags wherever they stand), so set reads it there as well.
    (opts, overrides) => ({ overrides, json: opts.json ?? quota.opts().json }),
    async () => (await import('./quota.js')).runQuotaSet,
  );
  examples(quota, [
    ['what may this organization run?', 'fibonacci org quota'],
    [
      'the effective hourly run limit, for a script',
      'fibonacci org quota --json | jq .effective.workflow_runs_per_hour',
    ],
  ]);
  examples(quotaSet, [
    ['raise the hourly run limit', 'fibonacci org quota set workflow_runs_per_hour=5000'],
    ['two at once', 'fibonacci org quota set concurrent_executions=20 memory_mb=8192'],
  ]);

  const governance = org
    .command('governance')
    .description('Show the approval and governance settings (needs admin or owner)')
    .option('--json', 'print JSON');
  verb(governance, deps, async () => (await import('./governance.js')).runGovernance);
  const governanceSet = governance
    .command('set')
    .description('Change governance settings (owner); every change is audited with before/after values')
    .argument(
      '<KEY=VALUE...>',
      'a setting = true|false or a number; category_flags.NAME = true|false|unset',
      governancePairs,
    )
    .option('--json', 'print JSON');
  verb(
    governanceSet,
    deps,
    (opts, settings) => ({ settings, json: opts.json ?? governance.opts().json }),
    async () => (await import('./governance.js')).runGovernanceSet,
  );
  examples(governance, [['see the current settings', 'fibonacci org governance']]);
  examples(governanceSet, [
    ['require two approvers', 'fibonacci org governance set approval_threshold=2'],
    [
      'allow self-approval and flag a category',
      'fibonacci org governance set allow_self_approval=true category_flags.finance=true',
    ],
  ]);
}
