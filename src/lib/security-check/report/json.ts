import { JsonList } from '../../display/json.js';
import { VERSION } from '../../version.js';
import { type ScanReport, totals } from '../types.js';

/**
 * The `--json` report (the display layer serialises it). Its fields are a contract (add freely;
 * never rename or remove): a finding carries the secret's first 4 characters and length at most,
 * and its hash.
 */
export function jsonReport(report: ScanReport): object {
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
      message: f.message,
      fix: f.fix,
      secret: f.secret ?? null,
      hash: f.hash,
    })),
    files: {
      scanned: report.scanned,
      skipped: report.skipped,
      unreadable: report.errors.map((e) => ({
        path: e.path,
        line: e.line ?? null,
        column: e.column ?? null,
        message: e.message,
      })),
    },
    totals: totals(report),
    duration_ms: Math.round(report.durationMs),
    // A failed --env check: the offline findings above stand alone (the exit code says it too).
    incomplete: report.incomplete ?? null,
  };
  return body;
}
