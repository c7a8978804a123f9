import * as identity from '../../lib/api/identity.js';
import type { ApiClient } from '../../lib/api/types.js';
import * as workflows from '../../lib/api/workflows.js';
import { closest } from '../../lib/closest.js';
import type { Context } from '../../lib/context.js';
import { printBlock } from '../../lib/display/block.js';
import { printJson } from '../../lib/display/json.js';
import { warn } from '../../lib/display/messages.js';
import { formatTime } from '../../lib/display/time.js';
import { CliError } from '../../lib/errors.js';
import { isValidEnvironment, isValidSecretName } from '../../lib/validate.js';
import { doneBeforeOutput } from '../../lib/write-errors.js';
import {
  mayListEnvironments,
  missingRunEnvironmentWarning,
  notCheckedNote,
  unknownEnvironmentWarning,
} from '../unknown-environment.js';
import { scopesHolding } from '../where-it-is.js';
import { readJsonObject } from './json-input.js';
import { notFoundWords, resolveWorkflow } from './resolve.js';

export interface RunOptions {
  /** A workflow name or id. */
  name: string;
  /** The input data (a JSON object), from --input; index.ts allows it or inputFile, not both. */
  input?: Record<string, unknown> | undefined;
  /** --input-file: a path, or - for standard input. */
  inputFile?: string | undefined;
  /** Where the workflow's secrets resolve (then the shared scope); absent: the shared scope only. */
  env?: string | undefined;
  json?: boolean | undefined;
}

/**
 * A run's duration as a person reads it true: the emulator's runs take microseconds, which three
 * decimals of a second showed as `0.000s` (read as "not measured"). Under a second in ms, with one
 * decimal below 10 ms; a duration the server did not give is `-`.
 */
function durationText(seconds: number | null | undefined): string {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return '-';
  const ms = seconds * 1000;
  if (ms < 1) return 'under 1 ms';
  if (ms < 10) return `${(Math.floor(ms * 10) / 10).toFixed(1)} ms`;
  if (ms < 1000) return `${Math.floor(ms)} ms`;
  return `${seconds.toFixed(3)} s`;
}

function nodes(run: workflows.Run): string {
  const list = (run.output_data as { nodes_executed?: unknown } | null)?.nodes_executed;
  return Array.isArray(list) && list.length > 0 ? list.join(', ') : '-';
}

/** A failed run's line about one missing secret (execute.ts's words): the name. */
const MISSING_SECRET = /^secret (\S+) is not set in /;

/**
 * Where the secrets a run missed ARE set, as `secret delete` says it (newcomer s14 NC-7: a run
 * without --env failed on API_KEY, set only in production, and was sent to list the empty shared
 * scope): the environments that hold every one of them, when each problem names a missing secret
 * and the key may list environments (asked only now, on a failed run). Undefined otherwise, or on
 * any failure of the looking.
 */
async function setElsewhereHint(
  client: ApiClient,
  problems: readonly string[],
  env: string | undefined,
  scopes: readonly string[] | undefined,
): Promise<string | undefined> {
  const names = problems.map((l) => MISSING_SECRET.exec(l)?.[1]);
  if (names.length === 0 || names.length > 10) return undefined;
  if (!names.every((n): n is string => n !== undefined && isValidSecretName(n))) return undefined;
  const mine = scopes ?? (await identity.me(client)).scopes;
  if (!mayListEnvironments(mine)) return undefined;
  const holding = await scopesHolding(client, names, env ?? null);
  const lists = names.map((n) =>
    (holding.get(n) ?? []).filter((s): s is string => s !== null && isValidEnvironment(s)),
  );
  const common = (lists[0] ?? []).filter((e) => lists.every((l) => l.includes(e)));
  const [first] = common;
  if (first === undefined) return undefined;
  const what = names.length === 1 ? `${names[0]} is set` : `${names.join(', ')} are set`;
  return `${what} in ${common.join(', ')}: pass --env ${first}`;
}

/**
 * `workflow run NAME [--env E] [--input JSON | --input-file F]`: execute and print the run. An
 * input the workflow's input_schema refuses is exit 2, each violation on its own line. A run that
 * started and failed (a secret not set in E) is printed like any other, then exit 1 with its error,
 * as `gh run watch --exit-status` does: a script sees the failure, a person sees the run.
 */
export async function runRun(opts: RunOptions, ctx: Context): Promise<void> {
  const { name } = opts;
  const input =
    opts.inputFile === undefined
      ? (opts.input ?? {})
      : await readJsonObject(opts.inputFile, '--input-file', 'the input', ctx);
  const client = await ctx.api();
  const { ref, label, visible, known, scopes, filtered } = await resolveWorkflow(client, name, opts.env);
  // Not checked for a typo (the key may not list environments, or the listing failed): said at a
  // terminal before the run, as secret set says it before the value.
  if (opts.env !== undefined && known === undefined)
    notCheckedNote(ctx.io, opts.env, mayListEnvironments(scopes));
  // A typo of an environment that exists (`prodution`) is refused before the run is stored, as
  // `secret delete --env` refuses one; an environment with none near (a fresh org) still runs.
  const missing = opts.env !== undefined && known !== undefined && !known.includes(opts.env);
  const near = missing && opts.env !== undefined ? closest(opts.env, known ?? []) : undefined;
  if (near !== undefined)
    throw new CliError('not_found', `no environment ${opts.env}`, { hint: `did you mean ${near}?` });
  const body = opts.env === undefined ? { input_data: input } : { input_data: input, environment: opts.env };
  const run = await workflows.execute(client, ref, body, name).catch((e: unknown) => {
    throw notFoundWords(e, name, visible);
  });
  // An environment no secret is in, with none near, ran on the shared scope's secrets alone: said
  // once the run exists, from the listing asked before it, else from the run's own answer (an
  // execute-only key may not list, and asking would leave an access.denied event behind every run;
  // the server answers the run as docs/api.md says, so it cannot refuse the typo itself).
  // A key kept from an environment by the policy does not see it listed: said as what it sees, not
  // as "no environment holds a secret yet" (newcomer s14).
  if (missing && opts.env !== undefined)
    warn(ctx.io, unknownEnvironmentWarning(opts.env, known ?? [], filtered === true));
  else if (known === undefined && opts.env !== undefined && run.environment_found === false)
    warn(ctx.io, missingRunEnvironmentWarning(opts.env));
  // Printed with the error, should stdout fail now (write-errors.ts): the run happened.
  doneBeforeOutput(
    `run ${run.id} was started`,
    'running the command again starts another run; `fibonacci audit logs` shows this one',
  );
  // One problem per line (the emulator lists each missing secret on its own); never an empty one.
  const problems = (run.error_message ?? '').split(/\r?\n|\r/).filter((l) => l.trim() !== '');
  if (opts.json) printJson(ctx.io, run);
  else {
    printBlock(ctx.io, [
      ['Run', run.id],
      ['Workflow', label],
      ['Environment', run.environment ?? '(shared)'],
      ['Status', run.status],
      ['Started', formatTime(ctx.io, run.started_at, ctx.clock())],
      ['Duration', durationText(run.duration_seconds)],
      ['Nodes', nodes(run)],
      ...problems.map((p, i): [string, string] => [i === 0 ? 'Error' : '', p]),
    ]);
  }
  if (run.status === 'failed') {
    const elsewhere = await setElsewhereHint(client, problems, opts.env, scopes).catch(() => undefined);
    const [only] = problems;
    const why = problems.length > 1 ? ` (${problems.length} problems)` : `: ${only ?? 'no reason given'}`;
    throw new CliError('unexpected', `run ${run.id} failed${why}`, {
      details: problems.length > 1 ? problems : [],
      hint:
        elsewhere ??
        `\`fibonacci secret list${opts.env === undefined ? '' : ` --env ${opts.env}`}\` shows the secrets set there`,
    });
  }
}
