import { type Command, Option } from '@commander-js/extra-typings';
import { intArg } from '../args.js';
import { type AnyCommand, type CommandDeps, collect, examples } from '../shared.js';
import type { ExportCommandOptions } from './export.js';
import { MAX_PAGE } from './limits.js';
import type { LogsOptions } from './logs.js';

const STATUSES = ['success', 'failure', 'denied'] as const;

const nonNegativeInt = intArg(0, Number.MAX_SAFE_INTEGER, 'expected a whole number (0 = no limit)');
const pageSize = intArg(1, MAX_PAGE, `expected 1 to ${MAX_PAGE}`);

/** The filters `logs` and `export` share (cli.md "Audit commands"). */
function addFilters(cmd: AnyCommand): AnyCommand {
  return cmd
    .option('--since <time>', 'from this time: RFC 3339, a duration (2h, 7d) or English ("1 hour ago")')
    .option('--until <time>', 'up to this time (same forms as --since)')
    .option('--workflow <id>', 'only events of this workflow')
    .option('--user <id>', 'only events of this user')
    .option('--event-type <type>', 'only this event type; repeat to allow several', collect)
    .addOption(new Option('--status <status>', 'only this outcome').choices(STATUSES))
    .addOption(
      new Option('--page-size <n>', `events per request (1-${MAX_PAGE})`).argParser(pageSize).hideHelp(),
    );
}

/** `fibonacci audit …`: query, follow and export the organization's audit log. */
export function registerAudit(program: Command, deps: CommandDeps): void {
  const audit = program.command('audit').description('Query, follow and export audit logs');

  const logs = addFilters(
    audit.command('logs').description('Show audit events, newest first (or follow new ones as they happen)'),
  )
    .option('--limit <n>', 'at most this many events; 0 = all', nonNegativeInt, 50)
    .option('--json', 'print a JSON array')
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'json', 'ndjson']).conflicts('json'),
    )
    .option('-f, --follow', 'after the history, print new events as they arrive until Ctrl-C')
    .action(async function () {
      const opts = this.opts() as LogsOptions;
      await deps.run(this, async (ctx) => (await import('./logs.js')).runLogs(opts, ctx));
    });
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
      new Option('--format <format>', 'json (one array), ndjson (one event a line) or csv').choices([
        'json',
        'ndjson',
        'csv',
      ]),
    )
    .requiredOption('-o, --output <file>', 'file to write, or - for stdout')
    .option('--resume', 'continue an export that stopped part-way, from its checkpoint')
    .action(async function () {
      const opts = this.opts() as ExportCommandOptions;
      await deps.run(this, async (ctx) => (await import('./export.js')).runExport(opts, ctx));
    });
  examples(exp, [
    ['everything, as one JSON array', 'fibonacci audit export --format json --output audit.json'],
    ['last week for a spreadsheet', 'fibonacci audit export --since 7d --format csv --output week.csv'],
    ['continue after a failure', 'fibonacci audit export --format ndjson --output audit.ndjson --resume'],
  ]);
}
