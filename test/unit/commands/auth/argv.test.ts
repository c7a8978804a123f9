// `fibonacci auth …`: argv → the options each run function gets, or the refusal (no request,
// nothing loaded). What the verbs then print is in auth.test.ts and keys.test.ts.
import { describe } from 'vitest';
import { COARSE_SCOPES } from '../../../../src/lib/scopes.js';
import { argvTable, HELP_HINT, refused } from '../argv.js';

// One group of scopes a line, indented under the hint's first line.
const SCOPES_HINT = `hint: valid scopes:\n  ${COARSE_SCOPES.join(', ')}\n  workflows:read, workflows:write, workflows:execute, workflows:delete\n  runs:read, runs:write, runs:execute, runs:delete\n  secrets:read, secrets:write, secrets:execute, secrets:delete\n  api_keys:read, api_keys:write, api_keys:execute, api_keys:delete\n  audit:read, audit:write, audit:execute, audit:delete\n`;
const PATTERN_HINT =
  'hint: a pattern is /-separated segments of letters, digits, _, ., - and * wildcards, or ** alone as a segment\n';

describe('auth login', () => {
  argvTable('auth login', [
    [[], {}],
    [['--with-token'], { withToken: true }],
    [['--with-token', '--insecure-storage'], { withToken: true, insecureStorage: true }],
    [
      ['--token', 'x'],
      refused(
        'error: unknown option --token\nhint: use --with-token and pass the key on standard input: `fibonacci auth login --with-token < key.txt`\n',
      ),
    ],
  ]);
});

describe('auth status, logout, token', () => {
  argvTable('auth status', [
    [[], {}],
    [['--json'], { json: true }],
  ]);
  argvTable('auth logout', [
    [[], {}],
    [['now'], refused(`error: too many arguments: expected none, got 1\n${HELP_HINT}`)],
  ]);
  argvTable('auth token', [
    [[], {}],
    [['--json'], refused(`error: unknown option --json\n${HELP_HINT}`)],
  ]);
});

describe('auth create-key', () => {
  argvTable('auth create-key', [
    [['--name', 'ci-cd', '--scope', 'execute'], { name: 'ci-cd', scopes: ['execute'], expiresIn: 90 }],
    [
      ['--name', 'm', '--scope', 'read, runs:read', '--scope', 'read', '--scope', ',audit:read,'],
      { name: 'm', scopes: ['read', 'runs:read', 'audit:read'], expiresIn: 90 },
    ],
    [
      ['--name', 'p', '--scope', 'execute', '--workflows', 'production/*', ' staging/** ', '--plain'],
      {
        name: 'p',
        scopes: ['execute'],
        workflows: ['production/*', 'staging/**'],
        expiresIn: 90,
        plain: true,
      },
    ],
    [
      ['--name', 'x', '--scope', 'read', '--expires-in', '2w'],
      { name: 'x', scopes: ['read'], expiresIn: 14 },
    ],
    [
      ['--name', 'x', '--scope', 'read', '--expires-in', '30'],
      { name: 'x', scopes: ['read'], expiresIn: 30 },
    ],
    [
      ['--name', 'x', '--scope', 'read', '--expires-in', 'Never', '--json'],
      { name: 'x', scopes: ['read'], expiresIn: 'never', json: true },
    ],
    [['--name', 'x'], refused(`error: at least one --scope is needed\n${SCOPES_HINT}`)],
    [['--name', 'x', '--scope', ' , '], refused(`error: at least one --scope is needed\n${SCOPES_HINT}`)],
    [
      ['--name', 'x', '--scope', 'read,superpower,root'],
      refused(
        `error: invalid --scope "read,superpower,root": unknown scopes superpower, root\n${SCOPES_HINT}`,
      ),
    ],
    [
      ['--name', ' ', '--scope', 'read'],
      refused(`error: invalid --name " ": must not be blank\n${HELP_HINT}`),
    ],
    [
      ['--name', 'fib_test_0123456789abcdefABCDEF', '--scope', 'read'],
      refused(
        'error: invalid --name: it holds an API key, and a key never goes in a name (was the key pasted here?)\n' +
          'hint: if that key is real, revoke it: `fibonacci auth list-keys`, then `fibonacci auth revoke-key ID`\n',
      ),
    ],
    [['--scope', 'read'], refused(`error: --name is required\n${HELP_HINT}`)],
    [
      ['--name', 'x', '--scope', 'read', '--expires-in', 'soon'],
      refused(`error: invalid --expires-in "soon": expected whole days such as 30d or 2w\n${HELP_HINT}`),
    ],
    [
      ['--name', 'x', '--scope', 'read', '--expires-in', '0d'],
      refused(`error: invalid --expires-in "0d": must be between 1 and 3650 days\n${HELP_HINT}`),
    ],
    [
      ['--name', 'x', '--scope', 'read', '--workflows', 'production/../x'],
      refused(`error: invalid --workflows "production/../x": not a workflow pattern\n${PATTERN_HINT}`),
    ],
    [
      ['--name', 'x', '--scope', 'read', '--workflows', ''],
      refused(`error: invalid --workflows "": not a workflow pattern\n${PATTERN_HINT}`),
    ],
    [
      ['--name', 'x', '--scope', 'read', '--plain', '--json'],
      refused(`error: --plain and --json cannot be used together\n${HELP_HINT}`),
    ],
  ]);
});

describe('auth list-keys, revoke-key', () => {
  argvTable('auth list-keys', [
    [[], {}],
    [['--json'], { json: true }],
  ]);
  argvTable('auth revoke-key', [
    [['key_8f2c0a1b'], { key: 'key_8f2c0a1b' }],
    [['ci-cd', '--yes'], { key: 'ci-cd', yes: true }],
    [[], refused(`error: missing the key argument\n${HELP_HINT}`)],
  ]);
});
