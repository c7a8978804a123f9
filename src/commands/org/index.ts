import type { Command } from '@commander-js/extra-typings';
import { type CommandDeps, examples, verb } from '../shared.js';
import { governancePairs, quotaPairs } from './pairs.js';

/** One line for `fibonacci --help` (program.ts lists the nouns without building them). */
export const DESCRIPTION = "View and change your organization's quota and governance";

/** `fibonacci org …`: the organization's quota and governance settings. */
export function registerOrg(program: Command, deps: CommandDeps): void {
  const org = program.command('org').description(DESCRIPTION);

  const quota = org
    .command('quota')
    .description('Show plan limits, overrides and the effective quota (admin or owner)')
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
    .description('Show the approval and governance settings (admin or owner)')
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
