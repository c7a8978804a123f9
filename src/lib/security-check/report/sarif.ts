import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { pathToFileURL } from 'node:url';
import { JsonList } from '../../display/json.js';
import { VERSION } from '../../version.js';
import { shownBytes } from '../names.js';
import { ALL_RULES } from '../rules.js';
import { HASH_VERSION } from '../secret-hash.js';
import { type Level, type ScanReport, totals } from '../types.js';
import { baselineNote } from './text.js';

// SARIF 2.1.0 as GitHub code scanning accepts it: paths relative to %SRCROOT% (the scan's root:
// the git work tree's top level, which GitHub maps to the repository, else the working directory), 1-based lines and columns, each rule once in tool.driver.rules, and
// partialFingerprints from the baseline hash so GitHub follows a finding across moved lines. No
// region snippet: GitHub shows its own from the repository, and a snippet would carry the secret.
// Skipped and unreadable files are tool execution notifications of the one invocation.

/** GitHub's security-severity (0–10) by level: credentials and unsafe settings rank high. */
const SEVERITY: Record<Level, string> = { error: '8.0', warning: '5.0', note: '2.0' };

/** What encodeURIComponent leaves as it is. */
const UNRESERVED = /^[A-Za-z0-9\-_.!~*'()]$/;

/**
 * A shown path as a URI reference: each segment's bytes percent-encoded (RFC 3986), the bytes its
 * escapes stand for (names.ts): a byte 0xFF is `%FF`, a backslash `%5C`, never the escape's text.
 */
function uri(path: string): string {
  const encode = (segment: string) =>
    [...shownBytes(segment)]
      .map((b) => {
        const c = String.fromCharCode(b);
        return b < 0x80 && UNRESERVED.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
      })
      .join('');
  return path.split('/').map(encode).join('/');
}

/** The base URI id of a root: %SRCROOT% for the first (GitHub's), ROOT1, ROOT2… for the others. */
const baseId = (root: number | undefined) => (root ? `ROOT${root}` : '%SRCROOT%');

function location(path: string, root: number | undefined, line?: number, column?: number) {
  const physicalLocation: Record<string, unknown> = {
    artifactLocation: { uri: uri(path), uriBaseId: baseId(root) },
  };
  if (line !== undefined)
    physicalLocation.region = { startLine: line, ...(column === undefined ? {} : { startColumn: column }) };
  return { physicalLocation };
}

/**
 * A result's fingerprint: the baseline hash, and for a root after the first that root too (its
 * place from the first, shown form): two repositories' same secret at the same path are two
 * results to GitHub, as they are two baseline entries. The first root's stays the hash alone, so a
 * one-root scan's fingerprints do not change.
 */
function fingerprint(report: ScanReport, hash: string, root: number | undefined): string {
  const first = report.roots[0];
  const own = report.roots[root ?? 0];
  if (!root || first === undefined || own === undefined) return hash;
  const place = posix.relative(first.shown, own.shown);
  return createHash('sha256').update(`${hash}\u0000${place}`).digest('hex');
}

/** The SARIF log of a report (the display layer serialises it); its first root is %SRCROOT%. */
export function sarifReport(report: ScanReport): object {
  const index = new Map(ALL_RULES.map((r, i) => [r.id, i]));
  const rules = ALL_RULES.map((r) => ({
    id: r.id,
    name: r.id.replace(/(^|-)([a-z0-9])/g, (_m, _d: string, c: string) => c.toUpperCase()),
    shortDescription: { text: r.description },
    help: {
      text: r.fix_by_file
        ? `Fix: ${r.fix}. In fibonacci.yaml: ${r.fix_by_file['fibonacci.yaml']}. In a .env file: ${r.fix_by_file['.env']}`
        : `Fix: ${r.fix}`,
    },
    defaultConfiguration: { level: r.level },
    properties: { tags: ['security'], 'security-severity': SEVERITY[r.level] },
  }));
  // Each result and artifact made as it is written (jsonTextChunks): one per file scanned, so the
  // log never holds ten thousand of them at once.
  const results = new JsonList(report.findings, (f) => ({
    ruleId: f.rule,
    ruleIndex: index.get(f.rule) ?? -1,
    level: f.level,
    message: { text: `${f.message}. Fix: ${f.fix}` },
    locations: [location(f.path, f.root, f.line, f.column)],
    partialFingerprints: { [`secretHash/v${HASH_VERSION}`]: fingerprint(report, f.hash, f.root) },
  }));
  const unmatched = baselineNote(report);
  const notifications = [
    ...report.scanned.flatMap((s) =>
      s.note === undefined
        ? []
        : [
            {
              level: 'note',
              message: { text: `partly checked ${s.path}: ${s.note}` },
              locations: [location(s.path, s.root)],
            },
          ],
    ),
    ...report.skipped.map((s) => ({
      level: 'note',
      message: { text: `skipped ${s.path}: ${s.reason}` },
      locations: [location(s.path, s.root)],
    })),
    ...report.errors.map((e) => ({
      level: 'error',
      message: { text: `${e.path}: ${e.message}` },
      locations: [location(e.path, e.root, e.line, e.column)],
    })),
    ...(report.incomplete === undefined ? [] : [{ level: 'error', message: { text: report.incomplete } }]),
    ...(unmatched === undefined ? [] : [{ level: 'warning', message: { text: unmatched } }]),
  ];
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'fibonacci security check', version: VERSION, rules } },
        originalUriBaseIds: Object.fromEntries(
          report.roots.map((r, i) => [baseId(i), { uri: pathToFileURL(r.shown).href.replace(/\/?$/, '/') }]),
        ),
        invocations: [
          {
            executionSuccessful: report.errors.length === 0 && report.incomplete === undefined,
            toolExecutionNotifications: notifications,
          },
        ],
        artifacts: new JsonList(report.scanned, (p) => ({
          location: { uri: uri(p.path), uriBaseId: baseId(p.root) },
          roles: ['analysisTarget'],
          // A file not read whole (larger than the limit): how it was checked.
          ...(p.note === undefined ? {} : { properties: { partial: p.note } }),
        })),
        results,
        properties: {
          totals: totals(report),
          durationMs: Math.round(report.durationMs),
          baseline: report.baseline ?? null,
        },
      },
    ],
  };
  return log;
}
