import { type Command, Option } from '@commander-js/extra-typings';
import { usageError } from '../../lib/errors.js';
import { formatNamed } from '../../lib/security-check/report/format-name.js';
import { shownPathBare } from '../../lib/shown-value.js';
import { environmentArg } from '../args.js';
import { type CommandDeps, examples, verb } from '../shared.js';

/**
 * `--output -` is standard output, as everywhere else (`audit export --output -`): the report goes
 * where it goes without --output. `--write-baseline -` is refused: the baseline is a file that a
 * later `--baseline` reads, and standard output already carries the report.
 */
function toCheckOptions<
  O extends {
    output?: string | undefined;
    writeBaseline?: string | undefined;
    listRules?: boolean | undefined;
    format?: string | undefined;
    json?: boolean | undefined;
  },
>(opts: O, paths: string[]) {
  // A PATH beside --list-rules was ignored in silence: the reader may think it was scanned.
  if (opts.listRules && paths.length > 0)
    throw usageError(
      `--list-rules takes no path to scan (got ${shownPathBare(paths[0] as string)})`,
      'run `fibonacci security check --list-rules` alone, or scan the paths without --list-rules',
    );
  if (opts.writeBaseline === '-')
    throw usageError(
      '--write-baseline needs a file: standard output carries the report',
      'name the file a later --baseline reads, e.g. --write-baseline .fibonacci-baseline.json',
    );
  const { output, ...rest } = opts;
  // `--output results.sarif` alone wrote a text report that GitHub's upload then refused: a file
  // named .sarif, .sarif.json or .json is that format unless --format (or --json) says otherwise.
  const named = formatNamed(output);
  const format = opts.format === undefined && !opts.json && named !== undefined ? { format: named } : {};
  return { ...rest, ...format, paths, ...(output === undefined || output === '-' ? {} : { output }) };
}

/** `fibonacci security …`: the security guide's checklist as a CI gate. */
export function registerSecurity(program: Command, deps: CommandDeps): void {
  const security = program
    .command('security')
    .description('Find hardcoded secrets and unsafe settings (a CI gate)');

  const check = security
    .command('check')
    .description(
      'Scan for hardcoded credentials, unsafe production .env settings and invalid fibonacci.yaml or input_schema; exit 11 on findings at or above --fail-on',
    )
    .argument('[paths...]', 'files or directories to scan (default: the current directory)')
    .addOption(
      // Refused at the argv boundary in the one form of every --env: a token typed here is not repeated.
      new Option(
        '--env <environment>',
        'also check that every {{secrets.NAME}} exists in this environment or the shared scope (online; names only)',
      ).argParser(environmentArg),
    )
    .addOption(
      new Option('--format <format>', 'report format (default text)')
        .choices(['text', 'json', 'sarif'])
        .conflicts('json'),
    )
    .option('--json', 'the JSON report (same as --format json)')
    .option(
      '--output <file>',
      'write the report to this file instead of standard output (- for stdout); a .sarif or .json name is that format unless --format says otherwise',
    )
    .addOption(
      new Option('--fail-on <level>', 'exit 11 when a finding is at or above this level')
        .choices(['error', 'warning', 'note'])
        .default('error'),
    )
    .option('--baseline <file>', 'do not report findings recorded in this baseline file')
    .option('--write-baseline <file>', 'record every current finding in this baseline file (and exit 0)')
    .option('--list-rules', 'list the rules (id, level, description, fix) and exit');
  verb(check, deps, toCheckOptions, async () => (await import('./check.js')).runCheck);
  examples(check, [
    ['scan the current directory', 'fibonacci security check'],
    ['GitHub code scanning', 'fibonacci security check --format sarif --output results.sarif'],
    [
      'also check secret references against production',
      'fibonacci security check workflows/ --env production',
    ],
    [
      "accept today's findings, fail only on new ones",
      'fibonacci security check --write-baseline .fibonacci-baseline.json',
    ],
    ['every rule', 'fibonacci security check --list-rules'],
  ]);
}
