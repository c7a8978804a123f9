import type { Style } from '../../io.js';
import { type Finding, type ScanReport, totals } from '../types.js';

/** How the text report styles and escapes: the command passes the display layer's functions. */
export interface TextStyle {
  style(format: Style, text: string): string;
  /** Make text from a file safe for a terminal (escape control and bidi characters). */
  escape(text: string): string;
}

const LEVEL_STYLE: Record<Finding['level'], Style> = { error: 'red', warning: 'yellow', note: 'cyan' };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function findingLines(f: Finding, t: TextStyle): string[] {
  const where = `${f.line}:${f.column}`;
  const out = [
    `  ${where.padEnd(8)} ${t.style(LEVEL_STYLE[f.level], f.level.padEnd(7))} ${t.style('bold', f.rule)}  ${t.escape(f.message)}`,
  ];
  if (f.context) {
    const gutter = String(f.line);
    const text = t.escape(f.context.text);
    // The caret sits under the column, counted in the escaped text's characters up to it.
    const before = t.escape(f.context.text.slice(0, f.context.caret - 1));
    out.push(`  ${t.style('dim', `${gutter} |`)} ${text}`);
    out.push(
      `  ${' '.repeat(gutter.length)} ${t.style('dim', '|')} ${' '.repeat([...before].length)}${t.style(LEVEL_STYLE[f.level], '^')}`,
    );
  }
  out.push(`  ${' '.repeat(8)} ${t.style('dim', 'fix:')} ${t.escape(f.fix)}`);
  return out;
}

/** The text report: findings grouped by file with a caret under each, then the files and totals. */
export function textReport(report: ScanReport, t: TextStyle): string {
  const lines: string[] = [];
  let current: string | undefined;
  for (const f of report.findings) {
    if (f.path !== current) {
      if (current !== undefined) lines.push('');
      current = f.path;
      lines.push(t.style('bold', t.escape(f.path)));
    }
    lines.push(...findingLines(f, t));
  }
  if (report.findings.length > 0) lines.push('');
  lines.push(`Scanned ${plural(report.scanned.length, 'file')}:`);
  for (const p of report.scanned) lines.push(`  ${t.escape(p)}`);
  if (report.skipped.length > 0) {
    lines.push(`Skipped ${plural(report.skipped.length, 'file')}:`);
    for (const s of report.skipped) lines.push(`  ${t.escape(s.path)}  (${s.reason})`);
  }
  if (report.errors.length > 0) {
    lines.push(`Could not read or parse ${plural(report.errors.length, 'file')}:`);
    for (const e of report.errors) {
      const at = e.line === undefined ? '' : `:${e.line}${e.column === undefined ? '' : `:${e.column}`}`;
      lines.push(`  ${t.escape(e.path)}${at}  ${t.escape(e.message)}`);
    }
  }
  const n = totals(report);
  const silenced =
    n.suppressed_inline + n.suppressed_baseline > 0
      ? `; silenced: ${n.suppressed_inline} by fibonacci:ignore, ${n.suppressed_baseline} by the baseline`
      : '';
  lines.push(
    `${plural(n.findings, 'finding')} (${plural(n.errors, 'error')}, ${plural(n.warnings, 'warning')}, ${plural(n.notes, 'note')})${silenced}`,
  );
  lines.push(`Done in ${(report.durationMs / 1000).toFixed(2)} s`);
  return `${lines.join('\n')}\n`;
}
