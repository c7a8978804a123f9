// `fibonacci org …`: argv → the options each run function gets, or the refusal (no request,
// nothing loaded). What the verbs then print is in org.test.ts.
import { describe } from 'vitest';
import { argvTable, HELP_HINT, refused } from '../argv.js';

const SETTINGS =
  'require_approval_for_external_comm, require_approval_for_public_writes, require_approval_for_permission_changes, allow_self_approval, approval_threshold, category_flags.NAME';

describe('org quota', () => {
  argvTable('org quota', [
    [[], {}],
    [['--json'], { json: true }],
  ]);
  argvTable('org quota set', [
    [['workflow_runs_per_hour=5000'], { overrides: { workflow_runs_per_hour: 5000 } }],
    [
      ['concurrent_executions=20', ' memory_mb = 8192 ', 'x=-1', 'y=1.5', 'z=lots', '--json'],
      { overrides: { concurrent_executions: 20, memory_mb: 8192, x: -1, y: 1.5, z: 'lots' }, json: true },
    ],
    [['memory_mb='], { overrides: { memory_mb: '' } }],
    [
      ['memory_mb'],
      refused(
        'error: invalid setting "memory_mb": expected KEY=VALUE\nhint: e.g. workflow_runs_per_hour=5000\n',
      ),
    ],
    [
      ['=5'],
      refused('error: invalid setting "=5": expected KEY=VALUE\nhint: e.g. workflow_runs_per_hour=5000\n'),
    ],
    [['a=1', 'a=2'], refused('error: invalid setting "a=2": a is given twice\n')],
    [[], refused(`error: missing the KEY=VALUE argument\n${HELP_HINT}`)],
  ]);
});

describe('org governance', () => {
  argvTable('org governance', [
    [[], {}],
    [['--json'], { json: true }],
  ]);
  argvTable('org governance set', [
    [
      [
        'allow_self_approval=true',
        'approval_threshold=2',
        'category_flags.finance=false',
        'category_flags.legal=unset',
      ],
      {
        settings: {
          allow_self_approval: true,
          approval_threshold: 2,
          'category_flags.finance': false,
          'category_flags.legal': null,
        },
      },
    ],
    [
      ['require_approval_for_public_writes=false', '--json'],
      { settings: { require_approval_for_public_writes: false }, json: true },
    ],
    [
      ['allow_self_approval=yes'],
      refused(
        'error: invalid setting "allow_self_approval=yes": allow_self_approval must be true or false\n',
      ),
    ],
    [
      ['approval_threshold=-1'],
      refused('error: invalid setting "approval_threshold=-1": approval_threshold must be a whole number\n'),
    ],
    [
      ['category_flags.=true'],
      refused(
        `error: invalid setting "category_flags.=true": category_flags. is not a governance setting\nhint: settings: ${SETTINGS}\n`,
      ),
    ],
    [
      ['quorum=2'],
      refused(
        `error: invalid setting "quorum=2": quorum is not a governance setting\nhint: settings: ${SETTINGS}\n`,
      ),
    ],
    [
      ['approval_threshold=2', 'approval_threshold=3'],
      refused('error: invalid setting "approval_threshold=3": approval_threshold is given twice\n'),
    ],
  ]);
});
