import { plural } from '../../display/plural.js';
import { styled, type Text, t } from '../../display/text.js';
import type { Style } from '../../io.js';
import { shownPathBare } from '../../shown-value.js';
import type { ScanRoot } from '../scan-root.js';
import { type Finding, NOT_A_WORKFLOW, type ScanReport, totals } from '../types.js';
import { terminalColumns } from './columns.js';

// The text report, built from the display layer's runs: every path, message and source line comes
// from a file and is printed escaped; colour is applied only where the IO has it.

const LEVEL_STYLE: Record<Finding['level'], Style> = { error: 'red', warning: 'yellow', note: 'cyan' };

/**
 * The excerpt cut to `room` terminal columns around its caret, `…` where cut, and the caret's new
 * place: a line wider than the terminal was wrapped by it and the `^` no longer sat under its
 * column (newcomer pass 12, NC12-10b). Widths are the terminal columns of the printed (escaped)
 * text: a CJK character takes two (columns.ts).
 */
export function fitExcerpt(text: string, caret: number, room: number): { text: string; caret: number } {
  const chars = [...text];
  const width = (from: number, to: number) => printedColumns(chars.slice(from, to).join(''));
  if (room < 3 || width(0, chars.length) <= room) return { text, caret };
  const at = Math.min([...text.slice(0, caret - 1)].length, chars.length);
  // Grow a window [from, to) around the caret's character, a character a side in turn, while it
  // fits with a `…` for each side it does not reach.
  let from = at;
  let to = Math.min(at + 1, chars.length);
  const fits = (a: number, b: number) => width(a, b) + (a > 0 ? 1 : 0) + (b < chars.length ? 1 : 0) <= room;
  for (let grew = true; grew; ) {
    grew = false;
    if (to < chars.length && fits(from, to + 1)) [to, grew] = [to + 1, true];
    if (from > 0 && fits(from - 1, to)) [from, grew] = [from - 1, true];
  }
  const lead = from > 0 ? '…' : '';
  const shown = `${lead}${chars.slice(from, to).join('')}${to < chars.length ? '…' : ''}`;
  return { text: shown, caret: lead.length + chars.slice(from, at).join('').length + 1 };
}

/** The terminal columns of `text` from a file, printed escaped. */
const printedColumns = (text: string) => terminalColumns(t`${text}`.render());

function findingLines(f: Finding, columns: number | undefined): Text[] {
  const where = (f.whole ? 'file' : `${f.line}:${f.column}`).padEnd(8);
  const out = [
    t`  ${where} ${styled(LEVEL_STYLE[f.level], f.level.padEnd(7))} ${styled('bold', f.rule)}  ${f.message}`,
  ];
  if (f.context) {
    const gutter = String(f.line);
    // On a terminal, no wider than it: `  N | ` goes before the excerpt.
    const context =
      columns === undefined
        ? f.context
        : fitExcerpt(f.context.text, f.context.caret, columns - gutter.length - 5);
    // The caret sits under the column, counted in the printed (escaped) text up to it.
    const before = printedColumns(context.text.slice(0, context.caret - 1));
    out.push(t`  ${styled('dim', `${gutter} |`)} ${context.text}`);
    out.push(
      t`  ${' '.repeat(gutter.length)} ${styled('dim', '|')} ${' '.repeat(before)}${styled(LEVEL_STYLE[f.level], '^')}`,
    );
  }
  out.push(t`  ${' '.repeat(8)} ${styled('dim', 'fix:')} ${f.fix}`);
  return out;
}

/** `  (larger than 1 MiB: checked for token formats only)` after a file not scanned whole. */
const noted = (s: ScanReport['scanned'][number]) => (s.note === undefined ? '' : `  (${s.note})`);

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

/** A directory the walk could not read (the errors list holds files and directories). */
const unreadableDirectory = (e: ScanReport['errors'][number]) =>
  e.message.startsWith('cannot read directory');

/**
 * `1 file and 1 directory` (`more` before each noun: `1 more file`): a directory that could not be
 * read was counted as a file ("Could not read or parse 2 files" for a directory and a file).
 */
export function unreadableCount(errors: ScanReport['errors'], more = ''): string {
  const dirs = errors.filter(unreadableDirectory).length;
  const files = errors.length - dirs;
  const parts = [
    ...(files > 0 || dirs === 0 ? [plural(files, `${more}file`)] : []),
    ...(dirs > 0 ? [plural(dirs, `${more}directory`, `${more}directories`)] : []),
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
    ...(report.errors.length > 0 ? [`${unreadableCount(report.errors)} could not be read or parsed`] : []),
  ];
  if (parts.length === 0)
    return 'nothing here is a workflow file (*.yaml, *.yml, *.json), fibonacci.yaml or .env*';
  return `${parts.join(', ')} (listed below)`;
}

function errorAt(e: ScanReport['errors'][number]): string {
  if (e.line === undefined) return '';
  return `:${e.line}${e.column === undefined ? '' : `:${e.column}`}`;
}

/** What the text report says of where it ran: paths from elsewhere are said so, a recorded baseline too. */
export interface TextShown {
  cwd: string;
  /** The `--write-baseline` file the findings were recorded in, and how many entries it holds. */
  recorded?: { file: string; entries: number } | undefined;
  /** The terminal's width when the report is printed on one: each excerpt is cut to it. */
  columns?: number | undefined;
}

/** A root as the report names it: its directory, and what it is. */
function rootName(r: ScanRoot): string {
  return `${r.shown} (${r.gitTop ? "the git work tree's top level" : 'the working directory'})`;
}

/**
 * The text report, line by line: findings grouped by file with a caret under each, then the files
 * and totals. A generator, so a long report is never whole in memory (display's renderLines). With
 * several roots (PATHs in several trees), each file says which root its path starts at.
 */
export function* textReport(report: ScanReport, shown: TextShown): Generator<Text | string> {
  const several = report.roots.length > 1;
  const inRoot = (root: number | undefined) => {
    const r = report.roots[root ?? 0];
    return several && r ? `  (in ${r.shown})` : '';
  };
  let current: string | undefined;
  for (const f of report.findings) {
    const key = `${f.root ?? 0}\u0000${f.path}`;
    if (key !== current) {
      if (current !== undefined) yield '';
      current = key;
      yield t`${styled('bold', f.path)}${inRoot(f.root)}`;
    }
    yield* findingLines(f, shown.columns);
  }
  if (report.findings.length > 0) yield '';
  if (report.scanned.length === 0) yield t`Scanned 0 files: ${whyNone(report)}`;
  else if (several) {
    yield t`Scanned ${plural(report.scanned.length, 'file')} (paths from each one's root):`;
    let root: number | undefined;
    for (const p of report.scanned) {
      if ((p.root ?? 0) !== root) {
        root = p.root ?? 0;
        const r = report.roots[root];
        if (r) yield t`  in ${rootName(r)}:`;
      }
      yield t`    ${p.path}${noted(p)}`;
    }
  } else {
    // Run from a subfolder, `workflows/a.yaml` is named from the top: the reader is told so.
    const only = report.roots[0];
    const whence =
      only === undefined || only.dir === shown.cwd
        ? ''
        : ` (paths from the git work tree's top level, ${only.shown})`;
    yield t`Scanned ${plural(report.scanned.length, 'file')}${whence}:`;
    for (const p of report.scanned) yield t`  ${p.path}${noted(p)}`;
  }
  if (report.skipped.length > 0) {
    yield t`Skipped ${paths(report.skipped)}:`;
    for (const s of report.skipped) yield t`  ${s.path}  (${s.reason})${inRoot(s.root)}`;
  }
  if (report.errors.length > 0) {
    yield t`Could not read or parse ${unreadableCount(report.errors)}:`;
    for (const e of report.errors) yield t`  ${e.path}${errorAt(e)}  ${e.message}${inRoot(e.root)}`;
  }
  const n = totals(report);
  // Each way of silencing named only when it was used: "0 by the baseline" without one misleads.
  const by = [
    ...(n.suppressed_inline > 0 ? [`${n.suppressed_inline} by fibonacci:ignore`] : []),
    ...(n.suppressed_baseline > 0 || report.baseline ? [`${n.suppressed_baseline} by the baseline`] : []),
  ];
  const silenced = n.suppressed_inline + n.suppressed_baseline > 0 ? `; silenced: ${by.join(', ')}` : '';
  const counts = `${plural(n.errors, 'error')}, ${plural(n.warnings, 'warning')}, ${plural(n.notes, 'note')}`;
  // --write-baseline exits 0: the count is what it recorded, not a gate's failures.
  // Findings of one rule, path and secret share an entry: the count of entries said when it differs,
  // as the `Recorded …` line on stderr says it.
  const entries =
    shown.recorded === undefined || shown.recorded.entries === n.findings
      ? ''
      : ` as ${plural(shown.recorded.entries, 'entry', 'entries')}`;
  const recorded =
    shown.recorded === undefined
      ? ''
      : `, recorded in the baseline ${shownPathBare(shown.recorded.file)}${entries}`;
  yield t`${plural(n.findings, 'finding')} (${counts})${silenced}${recorded}`;
  const unmatched = baselineNote(report);
  if (unmatched !== undefined) yield t`${unmatched}`;
  yield t`Done in ${(report.durationMs / 1000).toFixed(2)} s`;
}

/**
 * `baseline .bl.json: 0 of 2 entries matched (paths are relative to /tmp/n7plain/sub)` when some
 * entries accepted nothing: a baseline written from another root silences nothing, and said so.
 */
export function baselineNote(report: ScanReport): string | undefined {
  const b = report.baseline;
  if (b === undefined || b.matched >= b.entries) return undefined;
  const dirs = report.roots.map((r) => r.shown).join(', ');
  return `baseline ${shownPathBare(b.file)}: ${b.matched} of ${plural(b.entries, 'entry', 'entries')} matched (paths are relative to ${dirs})`;
}
