// `fibonacci workflow …`: argv → the options each run function gets, or the refusal (no request,
// nothing loaded). What the verbs then print is in workflow.test.ts.
import { describe } from 'vitest';
import { argvTable, HELP_HINT, refused } from '../argv.js';

describe('workflow create', () => {
  argvTable('workflow create', [
    [['production/etl', '--file', 'etl.json'], { name: 'production/etl', file: 'etl.json' }],
    [
      ['etl', '--file', '-', '--description', 'nightly load', '--json'],
      { name: 'etl', file: '-', description: 'nightly load', json: true },
    ],
    [
      ['etl', '--file', 'etl.yaml', '--allow-hardcoded-credentials'],
      { name: 'etl', file: 'etl.yaml', allowHardcodedCredentials: true },
    ],
    [['etl'], refused(`error: --file is required\n${HELP_HINT}`)],
    [['--file', 'etl.json'], refused(`error: missing the name argument\n${HELP_HINT}`)],
  ]);
});

describe('workflow list', () => {
  argvTable('workflow list', [
    [[], {}],
    [['--json'], { json: true }],
  ]);
});

describe('workflow run', () => {
  argvTable('workflow run', [
    [['production/etl'], { name: 'production/etl' }],
    [
      ['wf_123', '--input', '{"day": "2026-01-23", "n": [1, 2]}', '--json'],
      { name: 'wf_123', input: { day: '2026-01-23', n: [1, 2] }, json: true },
    ],
    [['x', '--env', 'production'], { name: 'x', env: 'production' }],
    [['x', '--input-file', 'in.json'], { name: 'x', inputFile: 'in.json' }],
    [['x', '--input-file', '-', '--env', 'staging'], { name: 'x', inputFile: '-', env: 'staging' }],
    [
      ['x', '--input', '{}', '--input-file', 'in.json'],
      refused(`error: --input-file and --input cannot be used together\n${HELP_HINT}`),
    ],
    [['x', '--env', 'Prod'], refused(/^error: invalid --env "Prod": .+\nhint: did you mean prod\?\n$/)],
    [
      ['x', '--input', '{oops'],
      refused(/^error: invalid --input: not valid JSON at column 2: .+\n {2}\{oops\n {3}\^\nhint: /),
    ],
    [
      ['x', '--input', '[1, 2]'],
      refused(`error: invalid --input: expected a JSON object ({…})\n${HELP_HINT}`),
    ],
    [['x', '--input', 'null'], refused(`error: invalid --input: expected a JSON object ({…})\n${HELP_HINT}`)],
    [
      ['x', '--input', '"text"'],
      refused(`error: invalid --input: expected a JSON object ({…})\n${HELP_HINT}`),
    ],
    // JSON.stringify of the request would overflow the stack: the flag's value is refused first.
    [
      ['x', '--input', `{"q":${'['.repeat(20_000)}${']'.repeat(20_000)}}`],
      refused(`error: invalid --input: nested more than 512 levels deep\n${HELP_HINT}`),
    ],
    [
      ['x', '--input', `{"q":${'['.repeat(511)}${']'.repeat(511)}}`],
      { name: 'x', input: { q: JSON.parse(`${'['.repeat(511)}${']'.repeat(511)}`) } },
    ],
    [
      ['x', '--input', '{"email": "a@b.c", "email": "x"}'],
      refused(`error: invalid --input: column 20: a key given twice in one object\n${HELP_HINT}`),
    ],
    [[], refused(`error: missing the name argument\n${HELP_HINT}`)],
  ]);
});
