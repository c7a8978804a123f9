import { styled, type Text, t } from '../../display/text.js';
import type { Style } from '../../io.js';
import { type Finding, NOT_A_WORKFLOW, type ScanReport, totals } from '../types.js';

// The text report, built from the display layer's runs: every path, message and source line comes
// from a file and is printed escaped; colour is applied only where the IO has it.

const LEVEL_STYLE: Record<Finding['level'], Style> = { error: 'red', warning: 'yellow', note: 'cyan' };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function findingLines(f: Finding): Text[] {
  const where = (f.whole ? 'file' : `${f.line}:${f.column}`).padEnd(8);
  const out = [
    t`  ${where} ${styled(LEVEL_STYLE[f.level], f.level.padEnd(7))} ${styled('bold', f.rule)}  ${f.message}`,
  ];
  if (f.context) {
    const gutter = String(f.line);
    // The caret sits under the column, counted in the printed (escaped) text up to it.
    const before = t`${f.context.text.slice(0, f.context.caret - 1)}`.width;
    out.push(t`  ${styled('dim', `${gutter} |`)} ${f.context.text}`);
    out.push(
      t`  ${' '.repeat(gutter.length)} ${styled('dim', '|')} ${' '.repeat(before)}${styled(LEVEL_STYLE[f.level], '^')}`,
    );
  }
  out.push(t`  ${' '.repeat(8)} ${styled('dim', 'fix:')} ${f.fix}`);
  return out;
}

/** A skipped entry that is a directory (or a link to one), not a file. */
const isDirectory = (s: ScanReport['skipped'][number]) =>
  s.path.endsWith('/') || s.reason.includes('to a directory');

/** `2 files and 1 directory`: a skipped directory is not counted as a file. */
function paths(skipped: ScanReport['skipped']): string {
  const dirs = skipped.filter(isDirectory).length;
  const files = skipped.length - dirs;
  const parts = [
    ...(files > 0 ? [plural(files, 'file')] : []),
    ...(dirs > 0 ? [plural(dirs, 'directory', 'directories')] : []),
  ];
  return parts.join(' and ');
}

/**
 * Why nothing was scanned, true whatever the tree held: a YAML or JSON file that was read and is
 * no workflow definition, a path left out, a file that could not be parsed are each said so (the
 * lists below name them); only an empty walk is "nothing here is a workflow file".
 */
function whyNone(report: ScanReport): string {
  const notWorkflow = report.skipped.filter((s) => s.reason === NOT_A_WORKFLOW).length;
  const leftOut = report.skipped.length - notWorkflow;
  const parts = [
    ...(notWorkflow > 0
      ? [
          notWorkflow === 1
            ? '1 YAML or JSON file read is not a workflow definition'
            : `${notWorkflow} YAML or JSON files read are not workflow definitions`,
        ]
      : []),
    ...(leftOut > 0 ? [`${paths(report.skipped.filter((s) => s.reason !== NOT_A_WORKFLOW))} left out`] : []),
    ...(report.errors.length > 0
      ? [`${plural(report.errors.length, 'file')} could not be read or parsed`]
      : []),
  ];
  if (parts.length === 0)
    return 'nothing here is a workflow file (*.yaml, *.yml, *.json), fibonacci.yaml or .env*';
  return `${parts.join(', ')} (listed below)`;
}

function errorAt(e: ScanReport['errors'][number]): string {
  if (e.line === undefined) return '';
  return `:${e.line}${e.column === undefined ? '' : `:${e.column}`}`;
}

/**
 * The text report, line by line: findings grouped by file with a caret under each, then the files
 * and totals. A generator, so a long report is never whole in memory (display's renderLines).
 */
export function* textReport(report: ScanReport, from?: string): Generator<Text | string> {
  let current: string | undefined;
  for (const f of report.findings) {
    if (f.path !== current) {
      if (current !== undefined) yield '';
      current = f.path;
      yield styled('bold', f.path);
    }
    yield* findingLines(f);
  }
  if (report.findings.length > 0) yield '';
  if (report.scanned.length === 0) yield t`Scanned 0 files: ${whyNone(report)}`;
  else {
    // Run from a subfolder, `workflows/a.yaml` is named from the top: the reader is told so.
    const whence = from === undefined ? '' : ` (paths from the git work tree's top level, ${from})`;
    yield t`Scanned ${plural(report.scanned.length, 'file')}${whence}:`;
    for (const p of report.scanned) yield t`  ${p}`;
  }
  if (report.skipped.length > 0) {
    yield t`Skipped ${paths(report.skipped)}:`;
    for (const s of report.skipped) yield t`  ${s.path}  (${s.reason})`;
  }
  if (report.errors.length > 0) {
    yield t`Could not read or parse ${plural(report.errors.length, 'file')}:`;
    for (const e of report.errors) yield t`  ${e.path}${errorAt(e)}  ${e.message}`;
  }
  const n = totals(report);
  const silenced =
    n.suppressed_inline + n.suppressed_baseline > 0
      ? `; silenced: ${n.suppressed_inline} by fibonacci:ignore, ${n.suppressed_baseline} by the baseline`
      : '';
  const counts = `${plural(n.errors, 'error')}, ${plural(n.warnings, 'warning')}, ${plural(n.notes, 'note')}`;
  yield t`${plural(n.findings, 'finding')} (${counts})${silenced}`;
  yield t`Done in ${(report.durationMs / 1000).toFixed(2)} s`;
}
