import { JsonList } from '../../display/json.js';
import { shownPathBare } from '../../shown-value.js';
import { VERSION } from '../../version.js';
import { type ScanReport, totals } from '../types.js';

/**
 * The `--json` report (the display layer serialises it). Its fields are a contract (add freely;
 * never rename or remove): a finding carries the secret's first 4 characters and length at most,
 * and its hash.
 */
export function jsonReport(report: ScanReport): object {
  // Each path is relative to its root (the first when `root` is absent): a file's path is the one it
  // has alone, whatever else the command line names.
  const rootOf = (root: number | undefined) => report.roots[root ?? 0]?.shown ?? null;
  const body = {
    version: 1,
    tool: { name: 'fibonacci security check', version: VERSION },
    // Each finding's object made as it is written (jsonTextChunks), not all of them first.
    findings: new JsonList(report.findings, (f) => ({
      rule: f.rule,
      level: f.level,
      path: f.path,
      line: f.line,
      column: f.column,
      // A finding about the file as a whole (a variable it does not set) is at 1:1 for readers that
      // need a place, and says so here: a script can tell it from a finding on line 1.
      scope: f.whole ? 'file' : 'line',
      message: f.message,
      fix: f.fix,
      secret: f.secret ?? null,
      hash: f.hash,
      root: rootOf(f.root),
    })),
    files: {
      scanned: report.scanned.map((s) => s.path),
      // The scanned files not read whole (larger than the limit), each with how it was checked.
      partial: report.scanned.flatMap((s) => (s.note === undefined ? [] : [{ path: s.path, note: s.note }])),
      skipped: report.skipped.map((s) => ({ path: s.path, reason: s.reason })),
      unreadable: report.errors.map((e) => ({
        path: e.path,
        line: e.line ?? null,
        column: e.column ?? null,
        message: e.message,
      })),
    },
    roots: report.roots.map((r, i) => ({
      path: r.shown,
      git_top: r.gitTop,
      scanned: report.scanned.filter((s) => (s.root ?? 0) === i).map((s) => s.path),
      skipped: report.skipped.filter((s) => (s.root ?? 0) === i).map((s) => s.path),
      unreadable: report.errors.filter((e) => (e.root ?? 0) === i).map((e) => e.path),
    })),
    // How many of the --baseline's entries matched (null without one): fewer than it holds is a
    // baseline written for other paths, or findings fixed since.
    // Its path as every path the report holds: a token in it masked (shown by its length).
    baseline: report.baseline ? { ...report.baseline, file: shownPathBare(report.baseline.file) } : null,
    totals: totals(report),
    duration_ms: Math.round(report.durationMs),
    // A failed --env check: the offline findings above stand alone (the exit code says it too).
    incomplete: report.incomplete ?? null,
  };
  return body;
}
