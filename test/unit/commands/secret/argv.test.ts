// `fibonacci secret …`: argv → the options each run function gets, or the refusal (no request,
// nothing loaded). What the verbs then print is in set.test.ts and manage.test.ts.
import { describe } from 'vitest';
import { argvTable, HELP_HINT, refused } from '../argv.js';

const NAME_RULE = 'letters, digits and _, not starting with a digit, at most 128 characters';
const ENV_RULE = 'lowercase letters, digits and -, starting with a letter, at most 32 characters';

describe('secret set', () => {
  argvTable('secret set', [
    [['API_KEY'], { name: 'API_KEY' }],
    [['API_KEY', '--env', 'production'], { name: 'API_KEY', env: 'production' }],
    [['TLS_KEY', '--from-file', 'key.pem'], { name: 'TLS_KEY', fromFile: 'key.pem' }],
    [['TLS_KEY', '--from-file', '-'], { name: 'TLS_KEY', fromFile: '-' }],
    [['API_KEY', '--value', 'v a l'], { name: 'API_KEY', value: 'v a l' }],
    [['--env-file', '.env', '--env', 'staging'], { envFile: '.env', env: 'staging' }],
    [['--env-file', '.env'], { envFile: '.env' }],
    [['1API'], refused(`error: invalid secret name "1API": ${NAME_RULE}\n${HELP_HINT}`)],
    // NC12-8: a name but for its `-` is repeated, and its upper-snake form offered.
    [['my-key'], refused(`error: invalid secret name "my-key": ${NAME_RULE}\nhint: did you mean MY_KEY?\n`)],
    [['bad name!'], refused(`error: invalid secret name: ${NAME_RULE}\n${HELP_HINT}`)],
    [
      ['API_KEY', '--env', 'Prod'],
      refused(`error: invalid --env "Prod": ${ENV_RULE}\nhint: did you mean prod?\n`),
    ],
    [
      ['API_KEY', '--env-file', '.env'],
      refused(
        'error: give either NAME or --env-file, not both\nhint: the names come from the file with --env-file\n',
      ),
    ],
    [
      [],
      refused(
        'error: missing secret NAME\nhint: fibonacci secret set NAME [--env E], or --env-file FILE for many\n',
      ),
    ],
    [
      ['A', '--value', 'x', '--from-file', 'f'],
      refused(`error: --value and --from-file cannot be used together\n${HELP_HINT}`),
    ],
    [
      ['--env-file', '.env', '--value', 'x'],
      refused(`error: --env-file and --value cannot be used together\n${HELP_HINT}`),
    ],
    [['A', 'B'], refused(`error: too many arguments: expected at most 1, got 2\n${HELP_HINT}`)],
    // NAME=VALUE, as other CLIs take it, and a value pasted as the name: the value is never repeated.
    [
      [`API_KEY=ghp_${'aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3bC5'}`],
      refused(
        'error: invalid secret name: a name holds no `=`, and what follows it is not repeated here\n' +
          'hint: the name is API_KEY; a value goes on standard input: printf %s "$VALUE" | fibonacci secret set API_KEY [--env E]\n',
      ),
    ],
    ...[
      `sk-proj-${'Abc123Def456Ghi789Jkl012Mno345'}`,
      `ghp_${'aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3bC5'}`,
      'AKIAIOSFODNN7EXAMPLE',
    ].map(
      (name) =>
        [
          [name],
          refused(
            'error: invalid secret name: it looks like a credential, and a name is shown to every reader (was the value pasted here?)\n' +
              'hint: a name is words such as API_KEY; the value goes on standard input: printf %s "$VALUE" | fibonacci secret set NAME\n',
          ),
        ] as const,
    ),
    [['GITHUB_TOKEN_2024'], { name: 'GITHUB_TOKEN_2024' }],
    [['AWS_SECRET_ACCESS_KEY'], { name: 'AWS_SECRET_ACCESS_KEY' }],
  ]);
});

describe('secret list', () => {
  argvTable('secret list', [
    [[], {}],
    [['--env', 'production', '--json'], { env: 'production', json: true }],
    [['--all', '--json'], { all: true, json: true }],
    [
      ['--all', '--env', 'production'],
      refused(`error: --all and --env cannot be used together\n${HELP_HINT}`),
    ],
    [['--env', 'a'.repeat(33)], refused(`error: invalid --env: ${ENV_RULE}\n${HELP_HINT}`)],
  ]);
});

describe('secret delete', () => {
  argvTable('secret delete', [
    [['OLD_TOKEN'], { name: 'OLD_TOKEN' }],
    [['OLD_TOKEN', '--env', 'staging', '--yes'], { name: 'OLD_TOKEN', env: 'staging', yes: true }],
    [
      ['OLD-TOKEN'],
      refused(`error: invalid secret name "OLD-TOKEN": ${NAME_RULE}\nhint: did you mean OLD_TOKEN?\n`),
    ],
    [
      ['API_KEY=Xk9mQ2vL8pR4tW7z'],
      refused(
        'error: invalid secret name: a name holds no `=`, and what follows it is not repeated here\n' +
          'hint: the name is API_KEY; a value goes on standard input: printf %s "$VALUE" | fibonacci secret set API_KEY [--env E]\n',
      ),
    ],
    [[], refused(`error: missing the name argument\n${HELP_HINT}`)],
  ]);
});

describe('secret rotation', () => {
  argvTable('secret rotation', [
    [['API_KEY', '--every', '30d'], { name: 'API_KEY', policy: { everyDays: 30 } }],
    [
      ['API_KEY', '--env', 'production', '--every', '4w', '--notify-before', '7d'],
      { name: 'API_KEY', env: 'production', policy: { everyDays: 28, notifyBeforeDays: 7 } },
    ],
    [
      ['API_KEY', '--every', '30', '--notify-before', '0'],
      { name: 'API_KEY', policy: { everyDays: 30, notifyBeforeDays: 0 } },
    ],
    [['API_KEY', '--off'], { name: 'API_KEY', policy: { off: true } }],
    [
      ['API_KEY', '--every', 'soon'],
      refused(`error: invalid --every "soon": expected whole days such as 30d or 2w\n${HELP_HINT}`),
    ],
    [
      ['API_KEY', '--every', '36h'],
      refused(`error: invalid --every "36h": expected whole days such as 30d or 2w\n${HELP_HINT}`),
    ],
    [
      ['API_KEY', '--every', '0d'],
      refused(`error: invalid --every "0d": must be between 1 and 3650 days\n${HELP_HINT}`),
    ],
    [
      ['API_KEY', '--every', '3651'],
      refused(`error: invalid --every "3651": must be between 1 and 3650 days\n${HELP_HINT}`),
    ],
    [
      ['API_KEY', '--every', '7d', '--notify-before', '1w'],
      refused(
        'error: --notify-before (7 days) must be shorter than --every (7 days)\nhint: e.g. --every 30d --notify-before 7d\n',
      ),
    ],
    [
      ['API_KEY'],
      refused(
        'error: give --every DAYS (e.g. --every 30d) or --off\nhint: fibonacci secret rotation NAME --every 30d\n',
      ),
    ],
    [
      ['API_KEY', '--notify-before', '7d'],
      refused(
        'error: give --every DAYS (e.g. --every 30d) or --off\nhint: fibonacci secret rotation NAME --every 30d\n',
      ),
    ],
    [
      ['API_KEY', '--off', '--every', '30d'],
      refused(`error: --every and --off cannot be used together\n${HELP_HINT}`),
    ],
    [['9', '--off'], refused(`error: invalid secret name "9": ${NAME_RULE}\n${HELP_HINT}`)],
  ]);
});

describe('secret health', () => {
  argvTable('secret health', [
    [[], {}],
    [['--json'], { json: true }],
    [['--env', 'x'], refused(`error: unknown option --env\n${HELP_HINT}`)],
  ]);
});
