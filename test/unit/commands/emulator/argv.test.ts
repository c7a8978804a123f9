// `fibonacci emulator …`: argv → the options each run function gets, or the refusal (nothing
// loaded or opened). What the verbs then do is in add-user.test.ts, data-dir.test.ts and
// test/integration/emulator/start.test.ts.
import { describe } from 'vitest';
import { COARSE_SCOPES } from '../../../../src/lib/scopes.js';
import { argvTable, HELP_HINT, refused } from '../argv.js';

const PATTERN_HINT =
  'hint: a pattern is /-separated segments of letters, digits, _, ., - and * wildcards, or ** alone as a segment\n';

describe('emulator start', () => {
  argvTable('emulator start', [
    [[], { host: '127.0.0.1' }],
    [
      [
        '--host',
        '0.0.0.0',
        '--port',
        '8443',
        '--data-dir',
        'emu',
        '--require-client-cert',
        '--rate-limit',
        '60',
      ],
      { host: '0.0.0.0', port: 8443, dataDir: 'emu', requireClientCert: true, rateLimit: 60 },
    ],
    [['--env-file', 'prod.env'], { host: '127.0.0.1', envFile: 'prod.env' }],
    [['--port', '65535'], { host: '127.0.0.1', port: 65535 }],
    [
      ['--port', '65536'],
      refused(`error: invalid --port "65536": expected a port number from 0 to 65535\n${HELP_HINT}`),
    ],
    [
      ['--port', ' 80'],
      refused(`error: invalid --port " 80": expected a port number from 0 to 65535\n${HELP_HINT}`),
    ],
    [
      ['--rate-limit', '0'],
      refused(`error: invalid --rate-limit "0": expected a positive integer\n${HELP_HINT}`),
    ],
    [['--port'], refused(`error: --port needs a value\n${HELP_HINT}`)],
  ]);
});

describe('emulator add-user', () => {
  argvTable('emulator add-user', [
    [['--role', 'viewer'], { role: 'viewer' }],
    [
      [
        '--role',
        'member',
        '--data-dir',
        './emu',
        '--name',
        'ci é',
        '--scope',
        'execute',
        'runs:read',
        '--workflows',
        'production/*',
        '**',
        '--expires-at',
        '2027-01-01T00:00:00Z',
        '--superuser',
      ],
      {
        role: 'member',
        dataDir: './emu',
        name: 'ci é',
        scope: ['execute', 'runs:read'],
        workflows: ['production/*', '**'],
        expiresAt: new Date('2027-01-01T00:00:00Z'),
        superuser: true,
      },
    ],
    [['--role', 'admin', '--scope', 'read,write'], { role: 'admin', scope: ['read', 'write'] }],
    [['--role', 'viewer', '--plain'], { role: 'viewer', plain: true }],
    [[], refused(`error: --role is required\n${HELP_HINT}`)],
    // A custom role of the access policy is a role name; whether the policy has it is the run's check.
    [['--role', 'deployer'], { role: 'deployer' }],
    [
      ['--role', 'Boss'],
      refused(
        `error: invalid --role "Boss": expected owner, admin, member, viewer or a custom role of the access policy\n${HELP_HINT}`,
      ),
    ],
    [
      ['--role', 'viewer', '--scope', 'root'],
      refused(
        `error: invalid --scope "root": unknown scope root\nhint: valid scopes:\n  ${COARSE_SCOPES.join(', ')}\n  workflows:read, workflows:write, workflows:execute, workflows:delete\n  runs:read, runs:write, runs:execute, runs:delete\n  secrets:read, secrets:write, secrets:execute, secrets:delete\n  api_keys:read, api_keys:write, api_keys:execute, api_keys:delete\n  audit:read, audit:write, audit:execute, audit:delete\n`,
      ),
    ],
    [
      ['--role', 'viewer', '--workflows', '{a,b}'],
      refused(`error: invalid --workflows "{a,b}": not a workflow pattern\n${PATTERN_HINT}`),
    ],
    [
      ['--role', 'viewer', '--name', 'a\u001bb'],
      refused(
        "error: invalid --name (3 characters, not repeated here): not a key name\nhint: a key name is 1 to 100 characters, without control characters, line separators, bidirectional marks or invisible format characters, and not a key's id\n",
      ),
    ],
    [
      ['--role', 'viewer', '--expires-at', 'tomorrow'],
      refused(
        `error: invalid --expires-at "tomorrow": expected an RFC 3339 time (2026-01-23T09:00:00Z)\n${HELP_HINT}`,
      ),
    ],
  ]);
});

describe('emulator seed-audit', () => {
  argvTable('emulator seed-audit', [
    [['--count', '1000000'], { count: 1_000_000, span: 30 * 86_400 }],
    [
      ['--count', '5', '--data-dir', 'd', '--span', '12h', '--at', '2026-01-23T09:00:00Z'],
      { count: 5, dataDir: 'd', span: 12 * 3600, at: new Date('2026-01-23T09:00:00Z') },
    ],
    [[], refused(`error: --count is required\n${HELP_HINT}`)],
    [['--count', '1.5'], refused(`error: invalid --count "1.5": expected a positive integer\n${HELP_HINT}`)],
    [
      ['--count', '1', '--span', 'a month'],
      refused(`error: invalid --span "a month": expected e.g. 30d, 12h\n${HELP_HINT}`),
    ],
    [
      ['--count', '1', '--at', 'noon'],
      refused(`error: invalid --at "noon": expected an RFC 3339 time (2026-01-23T09:00:00Z)\n${HELP_HINT}`),
    ],
  ]);
});
