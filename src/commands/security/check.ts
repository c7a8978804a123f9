import { existsSync, type Stats, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { closest } from '../../lib/closest.js';
import type { Context } from '../../lib/context.js';
import { jsonTextChunks, printJsonInPieces } from '../../lib/display/json.js';
import { lines, note, success, warn } from '../../lib/display/messages.js';
import { plural } from '../../lib/display/plural.js';
import { renderLines, t } from '../../lib/display/text.js';
import { CliError, escapeUnprintable, exitCodeFor, usageError } from '../../lib/errors.js';
import { untrustedAncestor, untrustedDirError, WRITE_DIR } from '../../lib/file-trust.js';
import { namedFileError, writeNamedFile } from '../../lib/output-file.js';
import { bindRoots, readBaseline, writeBaseline } from '../../lib/security-check/baseline.js';
import { scan } from '../../lib/security-check/engine.js';
import { formatNamed } from '../../lib/security-check/report/format-name.js';
import { jsonReport } from '../../lib/security-check/report/json.js';
import { sarifReport } from '../../lib/security-check/report/sarif.js';
import { textReport, unreadableCount } from '../../lib/security-check/report/text.js';
import { RULE_SECRET_MISSING } from '../../lib/security-check/rules.js';
import { scanRoots } from '../../lib/security-check/scan-root.js';
import { secretNames } from '../../lib/security-check/secret-names.js';
import { atOrAbove, type Level, type ScanReport } from '../../lib/security-check/types.js';
import { shownPathBare } from '../../lib/shown-value.js';
import { verdictOnClosedPipe } from '../../lib/write-errors.js';
import { unknownEnvironmentWarning } from '../unknown-environment.js';
import { listRules } from './list-rules.js';
import { refuseOverlaps } from './overlap.js';

export interface CheckOptions {
  /** Files or directories to scan; none: the current directory. */
  paths: string[];
  env?: string | undefined;
  format?: string | undefined;
  json?: boolean | undefined;
  output?: string | undefined;
  failOn: string;
  baseline?: string | undefined;
  writeBaseline?: string | undefined;
  listRules?: boolean | undefined;
}

/** `security check`: scan, report, and exit 0, 11 (findings at or above --fail-on) or 3 (a file it could not read). */
export async function runCheck(opts: CheckOptions, ctx: Context): Promise<void> {
  const { paths } = opts;
  const format = opts.json ? 'json' : (opts.format ?? 'text');
  if (opts.listRules) {
    listRules(format, ctx);
    return;
  }

  const cwd = resolve('.');
  // A PATH given on the command line that is not there is a typo in the command (exit 2), not a
  // file of the tree that could not be read (exit 3).
  for (const target of paths) {
    // Node decodes argv as UTF-8: a name that is not UTF-8 arrives with U+FFFD in place of its bad
    // bytes, and opening that string would scan a look-alike (or nothing) in its place.
    if (target.includes('\uFFFD'))
      throw usageError(
        `the path ${shownPathBare(escapeUnprintable(target))} has U+FFFD in it: a name that is not UTF-8 cannot be passed faithfully`,
        'name its directory instead: the walk reads names as bytes',
      );
    if (!existsSync(resolve(cwd, target))) {
      throw usageError(
        `no such file or directory: ${shownPathBare(target)}`,
        // `-` is standard input to many tools: say how this one reads it (SC-PIPE).
        target === '-'
          ? 'to check standard input, name it /dev/stdin (`… | fibonacci security check /dev/stdin`)'
          : 'check the path given to security check',
      );
    }
  }
  const targets = paths.length > 0 ? paths : ['.'];
  refuseOverlaps(opts, cwd, targets);
  refuseUntrustedDir('--output', opts.output, cwd);
  refuseUntrustedDir('--write-baseline', opts.writeBaseline, cwd);
  const baseline = opts.baseline === undefined ? undefined : await readBaseline(opts.baseline);
  const environment = opts.env;
  // A failed --env check (bad key, API down) does not hide the offline findings: they are printed,
  // then its error, with its exit code (the gate did not run whole).
  let online: CliError | undefined;
  // The environment meant, when --env names none and one is near: each finding's fix then says
  // that, not the command that would create the secret in the mistyped environment.
  let near: string | undefined;
  const roots = await scanRoots(targets, cwd);
  const rootDirs = roots.roots.map((r) => r.dir);
  if (baseline !== undefined) bindRoots(baseline, cwd, rootDirs);
  const outcome = await scan({
    targets,
    cwd,
    roots,
    baseline,
    // The hash is slow on purpose: computed only when something will carry or compare it.
    hashes: format !== 'text' || baseline !== undefined || opts.writeBaseline !== undefined,
    knownSecrets:
      environment === undefined
        ? undefined
        : async () => {
            try {
              const known = await secretNames(await ctx.api(), environment);
              if (known.unknownAmong !== undefined) {
                warn(ctx.io, t`${unknownEnvironmentWarning(environment, known.unknownAmong)}`);
                near = closest(environment, known.unknownAmong);
              }
              return known.names;
            } catch (e) {
              if (!(e instanceof CliError) || e.kind === 'interrupted') throw e;
              online = e;
              return undefined;
            }
          },
    ...(environment === undefined ? {} : { environment }),
  });

  if (online) outcome.incomplete = onlineFailed(online, environment as string).message;
  if (near !== undefined)
    for (const f of outcome.findings)
      if (f.rule === RULE_SECRET_MISSING.id)
        f.fix = `there is no environment ${environment}: did you mean \`--env ${near}\`?`;
  for (const [flag, file] of [
    ['--output', opts.output],
    ['--write-baseline', opts.writeBaseline],
  ] as const) {
    if (file !== undefined && readsFile(outcome, cwd, file)) {
      throw usageError(
        `${flag} ${shownPathBare(file)} is a file this check reads: writing it would replace it`,
        `write the ${flag === '--output' ? 'report' : 'baseline'} to another file`,
      );
    }
  }
  // The verdict is known before the report is written: a reader that closes the pipe early
  // (`| head`) does not turn a failing gate into exit 0.
  const failing =
    opts.writeBaseline === undefined &&
    outcome.findings.some((f) => atOrAbove(f.level, opts.failOn as Level));
  verdictOnClosedPipe(
    online
      ? online.exitCode
      : outcome.errors.length > 0
        ? exitCodeFor('config')
        : failing
          ? exitCodeFor('check_failed')
          : 0,
  );
  // The baseline before the report: a closed stdout ends the run, and the file must not be lost.
  // Not after a failed --env check: the baseline would lack its findings, reported as new later.
  const recorded =
    opts.writeBaseline === undefined || online
      ? undefined
      : await writeBaseline(opts.writeBaseline, outcome.unbaselined, ctx.io, { cwd, roots: rootDirs });
  // Written as it is rendered, a piece at a time: a long report is never one string.
  if (format === 'text') {
    // Colour is for the terminal: a report written to a file is plain (rendered without an IO).
    const shown = {
      cwd,
      recorded:
        recorded === undefined ? undefined : { file: opts.writeBaseline as string, entries: recorded },
    };
    const columns = ctx.io.stdoutIsTTY ? ctx.io.columns : undefined;
    if (opts.output === undefined) lines(ctx.io, textReport(outcome, { ...shown, columns }));
    else await writeReport(opts.output, renderLines(textReport(outcome, shown)), ctx);
  } else {
    const data = format === 'json' ? jsonReport(outcome) : sarifReport(outcome);
    if (opts.output === undefined) printJsonInPieces(ctx.io, data);
    else await writeReport(opts.output, withNewline(jsonTextChunks(data, 2)), ctx);
  }
  if (opts.output !== undefined)
    note(ctx.io, t`Wrote the ${format} report to ${shownPathBare(opts.output)}: ${summary(outcome)}`);
  // What was asked is written, but a step that reads results.sarif as SARIF then fails on it.
  const named = formatNamed(opts.output);
  if (named !== undefined && named !== format)
    warn(
      ctx.io,
      t`${shownPathBare(opts.output as string)} holds the ${format} report, not ${named === 'sarif' ? 'SARIF' : 'JSON'}: name it for its format, or leave out --format${format === 'json' ? ' and --json' : ''} to write ${named === 'sarif' ? 'SARIF' : 'JSON'}`,
    );
  if (opts.writeBaseline !== undefined && recorded !== undefined) {
    // The last word of an exit 0: what was done, not a count that reads like a failing gate.
    (ctx.io.stderrIsTTY ? success : note)(
      ctx.io,
      t`Recorded ${recordedLine(outcome.unbaselined.length, recorded)} in the baseline ${shownPathBare(opts.writeBaseline)}`,
    );
  }
  if (online) throw onlineFailed(online, environment as string);
  unreadable(outcome);
  if (failing) {
    // The report said everything: exit 11 without another line.
    throw new CliError('check_failed', `findings at or above ${opts.failOn}`, { silent: true });
  }
}

/**
 * Exit 3 before the scan when the directory `flag`'s file goes in (or one on the way to it) is one
 * another user may write, as audit export's --output: whoever can swap the SARIF log or the
 * baseline there decides what the gate reports. A directory that is not there is left to the
 * write, which says so.
 */
function refuseUntrustedDir(flag: string, file: string | undefined, cwd: string): void {
  if (file === undefined) return;
  const dir = dirname(resolve(cwd, file));
  if (!statOrUndefined(dir)?.isDirectory()) return;
  const unsafe = untrustedAncestor(dir, WRITE_DIR);
  if (unsafe)
    throw untrustedDirError(
      `the directory of ${flag}`,
      dirname(file),
      unsafe,
      `choose another ${flag}, in a directory only you can write to`,
    );
}

/**
 * `3 findings`, or `3 findings as 2 entries` when findings of one rule, path and secret share an
 * entry: the text report's totals say 3 findings, and "Recorded 2 findings" contradicted them.
 */
function recordedLine(findings: number, entries: number): string {
  const counted = plural(findings, 'finding');
  return entries === findings ? counted : `${counted} as ${plural(entries, 'entry', 'entries')}`;
}

/** The --env check's failure, saying what it stopped: the offline report above it stands. */
function onlineFailed(e: CliError, environment: string): CliError {
  return new CliError(e.kind, `the --env ${environment} check did not run: ${e.message}`, {
    hint: e.hint,
    details: e.details,
    requestId: e.requestId,
    status: e.status,
    cause: e,
  });
}

/** `3 files scanned, 1 skipped, 1 finding`: "1 finding in 3 files" read as if it were spread over them. */
function summary(r: ScanReport): string {
  return `${plural(r.scanned.length, 'file')} scanned, ${r.skipped.length} skipped, ${plural(r.findings.length, 'finding')}`;
}

function* withNewline(pieces: Iterable<string>): Generator<string> {
  yield* pieces;
  yield '\n';
}

/** The report written atomically; in pieces when it may be long (its memory stays flat). */
async function writeReport(file: string, text: string | Iterable<string>, ctx: Context): Promise<void> {
  try {
    await writeNamedFile(file, text, { mode: 0o644, io: ctx.io });
  } catch (e) {
    throw namedFileError(
      e,
      `cannot write --output ${shownPathBare(file)}`,
      'name a regular file, a pipe or a device such as /dev/stdout',
    );
  }
}

/**
 * Whether `file` is one the scan read or listed (same device and inode): security check never
 * changes a file it checks, and `--output wf.yaml wf.yaml` would have replaced the workflow.
 */
function readsFile(r: ScanReport, cwd: string, file: string): boolean {
  const target = statOrUndefined(resolve(cwd, file));
  if (!target?.isFile()) return false;
  const name = basename(file);
  return [...r.scanned, ...r.skipped].some(({ path: p, root }) => {
    if (basename(p) !== name) return false;
    const st = statOrUndefined(resolve(r.roots[root ?? 0]?.dir ?? cwd, p));
    return st !== undefined && st.dev === target.dev && st.ino === target.ino;
  });
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Exit 3, naming the first file (with line and column) that could not be read or parsed. */
function unreadable(r: ScanReport): void {
  const first = r.errors[0];
  if (!first) return;
  const at =
    first.line === undefined ? '' : `:${first.line}${first.column === undefined ? '' : `:${first.column}`}`;
  const more = r.errors.length > 1 ? ` (and ${unreadableCount(r.errors.slice(1), 'more ')})` : '';
  throw new CliError(
    'config',
    `${escapeUnprintable(first.path)}${at}: ${escapeUnprintable(first.message)}${more}`,
    {
      hint: 'fix or exclude the file (.gitignore); the report lists every file that could not be read or parsed',
    },
  );
}
