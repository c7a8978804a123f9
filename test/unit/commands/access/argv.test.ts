// `fibonacci access …`: argv → the options each run function gets, or the refusal (no request,
// nothing loaded, nothing read). What the verbs then print is in access.test.ts.
import { describe } from 'vitest';
import { argvTable, HELP_HINT, refused } from '../argv.js';

const RESOURCE_HINT = 'hint: a resource is workflows/<name> or secrets/<environment or shared>/<NAME>\n';

describe('access apply', () => {
  argvTable('access apply', [
    [[], { file: 'fibonacci.yaml', dryRun: undefined, yes: undefined }],
    [['deploy/fibonacci.yaml', '--yes'], { file: 'deploy/fibonacci.yaml', dryRun: undefined, yes: true }],
    [['--dry-run'], { file: 'fibonacci.yaml', dryRun: true, yes: undefined }],
    [['a.yaml', 'b.yaml'], refused(`error: too many arguments: expected at most 1, got 2\n${HELP_HINT}`)],
  ]);
});

describe('access show', () => {
  argvTable('access show', [
    [[], {}],
    [['--json'], { json: true }],
  ]);
});

describe('access check', () => {
  const base = { user: undefined, role: undefined, json: undefined };
  argvTable('access check', [
    [
      ['execute', 'workflows/production/etl'],
      { ...base, action: 'execute', resource: 'workflows/production/etl' },
    ],
    [
      ['read', 'secrets/production/API_KEY', '--role', 'production-deployer', '--json'],
      {
        ...base,
        action: 'read',
        resource: 'secrets/production/API_KEY',
        role: 'production-deployer',
        json: true,
      },
    ],
    [
      ['delete', 'secrets/shared/X', '--user', 'user-123'],
      { ...base, action: 'delete', resource: 'secrets/shared/X', user: 'user-123' },
    ],
    [
      ['run', 'workflows/x'],
      refused(`error: invalid action "run": expected one of read, write, execute, delete\n${HELP_HINT}`),
    ],
    [
      ['execute', 'secrets/production/API_KEY'],
      refused(
        'error: "execute" is not an action on secrets: read, write, delete\nhint: e.g. fibonacci access check read secrets/production/API_KEY\n',
      ),
    ],
    [
      ['read', 'workflow/x'],
      refused(`error: invalid resource "workflow/x": expected workflows/… or secrets/…\n${RESOURCE_HINT}`),
    ],
    [
      ['read', 'workflows'],
      refused(`error: invalid resource "workflows": "" is not a workflow name\n${RESOURCE_HINT}`),
    ],
    [
      ['read', 'workflows/production/../staging/x'],
      refused(
        `error: invalid resource "workflows/production/../staging/x": "production/../staging/x" is not a workflow name\n${RESOURCE_HINT}`,
      ),
    ],
    [
      ['read', 'secrets/API_KEY'],
      refused(
        `error: invalid resource "secrets/API_KEY": a secrets resource is secrets/<environment or shared>/<NAME>\n${RESOURCE_HINT}`,
      ),
    ],
    [
      ['read', 'secrets/Prod/API_KEY'],
      refused(
        `error: invalid resource: its environment part is not an environment name (or shared): lowercase letters, digits and -, starting with a letter, at most 32 characters\n${RESOURCE_HINT}`,
      ),
    ],
    [
      ['read', 'secrets/prod/1X'],
      refused(
        `error: invalid resource: its name part is not a secret name: letters, digits and _, not starting with a digit, at most 128 characters\n${RESOURCE_HINT}`,
      ),
    ],
    [
      ['read', 'workflows/x', '--role', 'Admin'],
      refused(
        'error: invalid --role "Admin": not a role name: owner, admin, member, viewer, or lowercase letters, digits and -, starting with a letter, at most 32 characters\nhint: did you mean admin?\n',
      ),
    ],
    [
      ['read', 'workflows/x', '--user', 'u', '--role', 'admin'],
      refused(`error: --user and --role cannot be used together\n${HELP_HINT}`),
    ],
    [
      ['read', 'workflows/x', '--user', ' '],
      refused(
        'error: invalid --user " ": not a user id: letters, digits, _ and -, such as user-123\nhint: `fibonacci org members` lists the user ids\n',
      ),
    ],
    [
      ['read', 'workflows/x', '--user', 'fib_test_abcdefghijklmnopqrstuvwxyz0123456789'],
      refused(/^error: invalid --user: it holds an API key, and a key never goes in a name/),
    ],
    [['read'], refused(`error: missing the resource argument\n${HELP_HINT}`)],
  ]);
});
