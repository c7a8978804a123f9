import { type Command, Option, type OptionValues } from '@commander-js/extra-typings';
import { collect, intArg } from '../args.js';
import { type CommandDeps, examples, verb } from '../shared.js';
import { MAX_PAGE } from './limits.js';
import type { LogsOptions } from './logs.js';
import type { LogsFormat } from './render.js';

const STATUSES = ['success', 'failure', 'denied'] as const;

const nonNegativeInt = intArg(0, Number.MAX_SAFE_INTEGER, 'expected a whole number (0 = no limit)');
const pageSize = intArg(1, MAX_PAGE, `expected 1 to ${MAX_PAGE}`);

/**
 * The filters `logs` and `export` share (README.md "Audit logs"). --since and --until stay text:
 * they are resolved against the context's clock when the verb runs ("1 hour ago" needs a now, and
 * chrono-node is too heavy to load for every start), and export's --resume hint repeats them as typed.
 */
function addFilters<A extends unknown[], O extends OptionValues, G extends OptionValues>(
  cmd: Command<A, O, G>,
) {
  return cmd
    .option('--since <time>', 'from this time: RFC 3339, a duration (2h, 7d) or English ("1 hour ago")')
    .option('--until <time>', 'up to this time (same forms as --since)')
    .option('--workflow <name>', 'only events of this workflow (its name, or its wf_… id)')
    .option('--user <id>', 'only events of this user')
    .option('--event-type <type>', 'only this event type; repeat to allow several', collect)
    .addOption(new Option('--status <status>', 'only this outcome').choices(STATUSES))
    .addOption(
      new Option('--page-size <n>', `events per request (1-${MAX_PAGE})`).argParser(pageSize).hideHelp(),
    );
}

/** `audit logs`: --json is the JSON format by another name (the two conflict). */
function logsOptions(opts: Omit<LogsOptions, 'format'> & { json?: true; format?: LogsFormat }): LogsOptions {
  const { json, format, ...rest } = opts;
  return { ...rest, format: json ? 'json' : (format ?? 'table') };
}

/** `fibonacci audit …`: query, follow and export the organization's audit log. */
export function registerAudit(program: Command, deps: CommandDeps): void {
  const audit = program.command('audit').description('Query, follow and export audit logs');

  const logs = addFilters(
    audit.command('logs').description('Show audit events, newest first (or follow new ones as they happen)'),
  )
    .option('--limit <n>', 'at most this many events, a whole number; 0 = all', nonNegativeInt, 50)
    .option('--json', 'print a JSON array')
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'json', 'ndjson']).conflicts('json'),
    )
    .option('-f, --follow', 'after the history, print new events as they arrive until Ctrl-C');
  verb(logs, deps, logsOptions, async () => (await import('./logs.js')).runLogs);
  examples(logs, [
    ['the last hour', 'fibonacci audit logs --since "1 hour ago"'],
    ['one workflow', 'fibonacci audit logs --workflow production-pipeline'],
    ['one user, failures only', 'fibonacci audit logs --user user-123 --status failure'],
    ['watch denials as they happen', 'fibonacci audit logs --event-type access.denied --follow'],
  ]);

  const exp = addFilters(
    audit
      .command('export')
      .description('Export audit events to a file (streamed, atomic, resumable) or to stdout'),
  )
    .addOption(
      new Option(
        '--format <format>',
        'json (one array), ndjson (one event a line) or csv; may be left out when --output ends in .json, .ndjson, .jsonl or .csv (taken from it), needed otherwise and with -o -',
      ).choices(['json', 'ndjson', 'csv']),
    )
    .requiredOption('-o, --output <file>', 'file to write, or - for stdout')
    .option('--resume', 'continue an export that stopped part-way, from its checkpoint');
  verb(exp, deps, async () => (await import('./export.js')).runExport);
  examples(exp, [
    ['everything, as one JSON array', 'fibonacci audit export --format json --output audit.json'],
    [
      'last week for a spreadsheet (csv, from the extension)',
      'fibonacci audit export --since 7d --output week.csv',
    ],
    ['continue after a failure', 'fibonacci audit export --format ndjson --output audit.ndjson --resume'],
  ]);
}
