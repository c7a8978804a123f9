// `fibonacci audit …`: argv → the options each run function gets, or the refusal (no request,
// nothing loaded). What the verbs then print is in logs.test.ts and export.test.ts.
import { describe } from 'vitest';
import { argvTable, HELP_HINT, refused } from '../argv.js';

describe('audit logs', () => {
  argvTable('audit logs', [
    [[], { limit: 50, format: 'table' }],
    [
      [
        '--since',
        '1 hour ago',
        '--until',
        '2026-11-29T12:00:00Z',
        '--workflow',
        'production-pipeline',
        '--user',
        'user-123',
        '--event-type',
        'access.denied',
        '--event-type',
        'auth.failed',
        '--status',
        'denied',
      ],
      {
        since: '1 hour ago',
        until: '2026-11-29T12:00:00Z',
        workflow: 'production-pipeline',
        user: 'user-123',
        eventType: ['access.denied', 'auth.failed'],
        status: 'denied',
        limit: 50,
        format: 'table',
      },
    ],
    [['--limit', '0', '--page-size', '1000'], { limit: 0, pageSize: 1000, format: 'table' }],
    [['--json'], { limit: 50, format: 'json' }],
    [['--format', 'ndjson', '-f'], { limit: 50, format: 'ndjson', follow: true }],
    [['--follow', '--format', 'json'], { limit: 50, format: 'json', follow: true }],
    [
      ['--limit', '-1'],
      refused(`error: invalid --limit "-1": expected a whole number (0 = no limit)\n${HELP_HINT}`),
    ],
    [
      ['--limit', '5x'],
      refused(`error: invalid --limit "5x": expected a whole number (0 = no limit)\n${HELP_HINT}`),
    ],
    [['--page-size', '0'], refused(`error: invalid --page-size "0": expected 1 to 1000\n${HELP_HINT}`)],
    [
      ['--status', 'meh'],
      refused(`error: invalid --status "meh": expected one of success, failure, denied\n${HELP_HINT}`),
    ],
    [
      ['--format', 'csv'],
      refused(`error: invalid --format "csv": expected one of table, json, ndjson\n${HELP_HINT}`),
    ],
    [
      ['--json', '--format', 'table'],
      refused(`error: --format and --json cannot be used together\n${HELP_HINT}`),
    ],
  ]);
});

describe('audit export', () => {
  argvTable('audit export', [
    [['--output', 'audit.json'], { output: 'audit.json' }],
    [
      ['--format', 'csv', '-o', '-', '--since', '7d', '--status', 'failure'],
      { format: 'csv', output: '-', since: '7d', status: 'failure' },
    ],
    [
      ['--format', 'ndjson', '--output', 'a.ndjson', '--resume', '--page-size', '10'],
      { format: 'ndjson', output: 'a.ndjson', resume: true, pageSize: 10 },
    ],
    [[], refused(`error: --output is required\n${HELP_HINT}`)],
    [
      ['--output', 'x', '--format', 'xml'],
      refused(`error: invalid --format "xml": expected one of json, ndjson, csv\n${HELP_HINT}`),
    ],
    [['--output', 'x', '--limit', '5'], refused(`error: unknown option --limit\n${HELP_HINT}`)],
  ]);
});
