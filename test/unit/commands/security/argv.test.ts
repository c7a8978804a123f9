// `fibonacci security check`: argv → the options its run function gets, or the refusal (nothing
// scanned). What the scan then prints is in test/integration/e2e/security-check*.test.ts.
import { describe } from 'vitest';
import { argvTable, HELP_HINT, refused } from '../argv.js';

describe('security check', () => {
  argvTable('security check', [
    [[], { paths: [], failOn: 'error' }],
    [['workflows', 'fibonacci.yaml'], { paths: ['workflows', 'fibonacci.yaml'], failOn: 'error' }],
    [['--env', 'production'], { paths: [], env: 'production', failOn: 'error' }],
    // Refused as every --env is, the value not repeated: a token pasted here stays out of the log.
    [
      ['--env', `${'ghp'}_${'aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3bC5'}`],
      refused(
        /^error: invalid --env: lowercase letters[^\n]*\nhint: see `fibonacci security check --help`\n$/,
      ),
    ],
    [
      ['--format', 'sarif', '--output', 'out.sarif'],
      { paths: [], format: 'sarif', output: 'out.sarif', failOn: 'error' },
    ],
    [['--json'], { paths: [], json: true, failOn: 'error' }],
    // A .sarif or .json --output is that format unless --format or --json says otherwise.
    [['--output', 'results.SARIF'], { paths: [], format: 'sarif', output: 'results.SARIF', failOn: 'error' }],
    [['--output', 'r.json'], { paths: [], format: 'json', output: 'r.json', failOn: 'error' }],
    [['--output', 'r.txt'], { paths: [], output: 'r.txt', failOn: 'error' }],
    [
      ['--format', 'text', '--output', 'r.sarif'],
      { paths: [], format: 'text', output: 'r.sarif', failOn: 'error' },
    ],
    [['--json', '--output', 'r.sarif'], { paths: [], json: true, output: 'r.sarif', failOn: 'error' }],
    // `-` is standard output, as for `audit export --output -`: the run sees no --output at all.
    [['--json', '--output', '-'], { paths: [], json: true, failOn: 'error' }],
    [
      ['--write-baseline', '-'],
      refused(
        'error: --write-baseline needs a file: standard output carries the report\nhint: name the file a later --baseline reads, e.g. --write-baseline .fibonacci-baseline.json\n',
      ),
    ],
    [['--fail-on', 'warning'], { paths: [], failOn: 'warning' }],
    [
      ['--baseline', 'b.json', '--write-baseline', 'c.json'],
      { paths: [], baseline: 'b.json', writeBaseline: 'c.json', failOn: 'error' },
    ],
    [['--list-rules'], { paths: [], listRules: true, failOn: 'error' }],
    [
      ['--list-rules', 'nosuchdir'],
      refused(
        'error: --list-rules takes no path to scan (got nosuchdir)\nhint: run `fibonacci security check --list-rules` alone, or scan the paths without --list-rules\n',
      ),
    ],
    [['--format', 'xml'], refused(/^error: invalid --format "xml": expected one of text, json, sarif\n/)],
    [
      ['--fail-on', 'fatal'],
      refused(`error: invalid --fail-on "fatal": expected one of error, warning, note\n${HELP_HINT}`),
    ],
    // A choice typed short or mistyped gets its fix; a value near none gets the help (above).
    [
      ['--fail-on', 'warn'],
      refused(
        'error: invalid --fail-on "warn": expected one of error, warning, note\nhint: did you mean warning?\n',
      ),
    ],
    [
      ['--format', 'sarf'],
      refused(
        'error: invalid --format "sarf": expected one of text, json, sarif\nhint: did you mean sarif?\n',
      ),
    ],
    [['--format', 'json', '--json'], refused(/^error: --format and --json cannot be used together\n/)],
  ]);
});
