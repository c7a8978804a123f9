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
      ['concurrent_executions=20', ' memory_mb = 8192 ', 'workflow_runs_per_hour=0', '--json'],
      { overrides: { concurrent_executions: 20, memory_mb: 8192, workflow_runs_per_hour: 0 }, json: true },
    ],
    // The server would discard these by removing the override: refused before any request.
    ...['abc', '2.5', '-1', '', '1e3', '0x10', '99999999999999999999'].map(
      (v): [string[], ReturnType<typeof refused>] => [
        [`memory_mb=${v}`],
        refused(
          `error: invalid setting "memory_mb=${v}": memory_mb must be a whole number (0 or more)\nhint: e.g. memory_mb=8192\n`,
        ),
      ],
    ),
    [
      ['foo=1'],
      refused(
        'error: invalid setting "foo=1": foo is not a quota limit\nhint: limits: workflow_runs_per_hour, concurrent_executions, memory_mb\n',
      ),
    ],
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
    [
      ['memory_mb=1', 'memory_mb=2'],
      refused(`error: invalid setting "memory_mb=2": memory_mb is given twice\n${HELP_HINT}`),
    ],
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
        `error: invalid setting "allow_self_approval=yes": allow_self_approval must be true or false\n${HELP_HINT}`,
      ),
    ],
    [
      ['approval_threshold=-1'],
      refused(
        `error: invalid setting "approval_threshold=-1": approval_threshold must be a whole number\n${HELP_HINT}`,
      ),
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
      refused(
        `error: invalid setting "approval_threshold=3": approval_threshold is given twice\n${HELP_HINT}`,
      ),
    ],
  ]);
});

describe('org members', () => {
  argvTable('org members', [
    [[], {}],
    [['--json'], { json: true }],
  ]);
  argvTable('org members set-role', [
    [['user-123', 'production-deployer'], { user: 'user-123', role: 'production-deployer', json: undefined }],
    [['user-123', 'admin', '--json'], { user: 'user-123', role: 'admin', json: true }],
    [
      ['user-123', 'Production'],
      refused(
        'error: invalid role "Production": not a role name: owner, admin, member, viewer, or lowercase letters, digits and -, starting with a letter, at most 32 characters\nhint: did you mean production? role names are lower case\n',
      ),
    ],
    [
      ['user 1', 'admin'],
      refused(
        'error: invalid user id "user 1": not a user id: letters, digits, _ and -, such as user-123\nhint: `fibonacci org members` lists the user ids\n',
      ),
    ],
    [['user-123'], refused(`error: missing the role argument\n${HELP_HINT}`)],
  ]);
});
