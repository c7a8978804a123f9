import { pushAll } from '../arrays.js';
import { analyze, credentialsOnly } from './analyze.js';
import { accepts, type Baseline, baselineUse, UnlistedFindings } from './baseline.js';
import { syntaxOf } from './comments.js';
import { byPlace, type FileAt, finalize, maskedLine, preview, type RawFinding } from './finding.js';
import { InlineIgnores } from './inline-ignores.js';
import { type LargeScan, StreamedUnlisted, scanLarge, scanPipe } from './large-file.js';
import { missingSecrets, type RefSite, refSite } from './missing-secrets.js';
import { writtenByTheCheck } from './own-output.js';
import { ParseError } from './parse.js';
import { FileReader, type PipeRead, type PipeRest, type ScanRead } from './read-file.js';
import { MAX_FINDINGS_PER_FILE, RULE_CAPPED } from './rules.js';
import { cwdRoots, fromCwd, type ScanRoots } from './scan-root.js';
import { LineIndex } from './scan-text.js';
import { withHash } from './secret-hash.js';
import { type Finding, NOT_A_WORKFLOW, type ScanReport } from './types.js';
import { type Candidate, fsReason, walk } from './walk.js';
import type { WindowFinding } from './windowed.js';

// The scan: walk the targets, read each file once (a few at a time, so memory stays flat whatever
// the tree's size), run its checks, drop what inline ignores and the baseline silence, and make
// every finding safe to print before anything else sees it.

/**
 * Files larger than this are not read whole: workflow and config files are small. Such a file is
 * read in windows by the rules that need no parse, and listed as scanned with a note (large-file.ts).
 */
export const MAX_FILE_BYTES = 1024 * 1024;
const IN_FLIGHT = 4;

export interface ScanOptions {
  targets: readonly string[];
  cwd: string;
  /** What the report's paths are relative to (scan-root.ts); the working directory by default. */
  roots?: ScanRoots;
  /** The accepted findings (baseline.ts). */
  baseline?: Baseline;
  /**
   * For `--env`: the secret names that exist in the environment or the shared scope; undefined
   * when the API could not say (the caller reports why): the offline findings stand alone.
   */
  knownSecrets?: () => Promise<ReadonlySet<string> | undefined>;
  /** The environment `knownSecrets` answers for, named in the findings. */
  environment?: string;
  now?: () => number;
  /** Compute each finding's hash (slow on purpose: secret-hash.ts); false for a text report without a baseline. */
  hashes?: boolean;
  /**
   * A text to judge as the workflow definition `name` instead of walking `targets`: what
   * `workflow create` is about to upload (from a file or standard input), judged as it is sent.
   */
  text?: { name: string; text: string };
  /**
   * false: a `fibonacci:ignore` comment silences nothing, and each finding it would have silenced
   * is counted in `suppressed.inline` AND listed. `workflow create` judges what it uploads so: an
   * ignore keeps a finding out of the gate's report, it does not make the credential fit to send.
   */
  honourIgnores?: boolean;
}

/** A scan's report, plus every finding before the baseline (what `--write-baseline` records). */
export interface ScanOutcome extends ScanReport {
  unbaselined: Finding[];
}

export async function scan(opts: ScanOptions): Promise<ScanOutcome> {
  const now = opts.now ?? Date.now;
  const hashes = opts.hashes ?? true;
  const started = now();
  const roots = opts.roots ?? cwdRoots(opts.cwd, opts.targets.length);
  const report: ScanReport = {
    roots: roots.roots,
    scanned: [],
    skipped: [],
    errors: [],
    findings: [],
    suppressed: { inline: 0, baseline: 0 },
    durationMs: 0,
  };
  const refSites: RefSite[] = [];
  const sink = {
    skipped: (s: ScanReport['skipped'][number]) => report.skipped.push(s),
    error: (e: ScanReport['errors'][number]) => report.errors.push(e),
  };
  const files = opts.text ? given(opts.text) : walk(opts.targets, opts.cwd, roots, sink);
  // A baseline written relative to the working directory matches by that path too: hashed again.
  const alsoAt = opts.baseline?.cwdRelative
    ? (at: FileAt) => fromCwd(roots.roots[at.root ?? 0]?.dir ?? opts.cwd, opts.cwd, at.path)
    : undefined;

  const one = async (c: Candidate, reader: FileReader) => {
    const text = c.text ?? (await readText(c, report, reader));
    if (text === TOO_LARGE) return large(c);
    if (text === undefined) return;
    if (typeof text !== 'string') return large(c, text);
    const lines = new LineIndex(text);
    let result: Awaited<ReturnType<typeof analyze>>;
    let parsed = true;
    try {
      result = await analyze(c.kind, c.path, text, lines, opts.knownSecrets !== undefined, c.explicit);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      report.errors.push(at(c, { line: e.line, column: e.column, message: e.message }));
      // Listed as unreadable (exit 3), but the token-format rules run on text: a token in a file
      // that does not parse is reported and masked too, not left for the next run once it is fixed.
      result = credentialsOnly(text, lines);
      parsed = false;
    }
    if (result.notWorkflow) {
      // Listed in every scan (a walk too): what the gate did not read, the reader of the report sees;
      // not a baseline or report the check wrote itself (baseline.ts), which would be listed every run.
      if (!writtenByTheCheck(text)) {
        report.skipped.push(at(c, { reason: NOT_A_WORKFLOW }));
        return;
      }
      // Its shape is no proof of where it came from: anyone can write a SARIF log whose driver is
      // the check, with a real token in it. So it is read by the credential rules as a named file
      // is; what the check wrote holds only masked values and hashes, and finds nothing (then it is
      // left out of the lists as before, so writing it again in place stays allowed). Hostile pass
      // 14, H14a-11: such a file was neither listed nor scanned.
      result = await analyze(c.kind, c.path, text, lines, false, true);
      if (result.notWorkflow || result.findings.length === 0) return;
    }
    if (parsed) report.scanned.push(at(c, {}));
    const ignores = new InlineIgnores(text, lines, syntaxOf(c.path, c.kind === 'env'));
    const pending: Array<Promise<Finding>> = [];
    const unlisted = new UnlistedFindings();
    for (const raw of [...nameFindings(c, roots), ...result.findings, ...ignores.invalid]) {
      const silenced = ignores.silences(raw.rule.id, raw.line);
      if (silenced) report.suppressed.inline++;
      if (silenced && opts.honourIgnores !== false) continue;
      // Time stays bounded whatever a file holds: each listed finding costs a slow hash.
      if (pending.length >= MAX_FINDINGS_PER_FILE) unlisted.add(raw.rule.id, raw.secret ?? raw.subject);
      else {
        const f = finalize(raw, c, maskedLine(lines, raw.line, raw.column, result.masks));
        pending.push(withHash(f, raw.secret ?? raw.subject, hashes, alsoAt?.(c)));
      }
    }
    // Hashed by the unlisted secrets themselves: a baseline that accepted them accepts no other.
    if (unlisted.count > 0)
      pending.push(
        withHash(finalize(capped(unlisted.count), c), unlisted.key(RULE_CAPPED.id), hashes, alsoAt?.(c)),
      );
    if (opts.knownSecrets && result.refs.length > 0)
      refSites.push(refSite(c, result.refs, ignores, lines, result.masks));
    // Last, and with nothing of the file used after it: what this frame still needs once the hashes
    // are done is held while scrypt runs, and the file's text with it (promoted, never collected).
    pushAll(report.findings, await Promise.all(pending));
  };
  // A file over the limit, read window by window by the rules that need no parse (large-file.ts);
  // a pipe's, from what was read of it and the rest.
  const large = async (c: Candidate, piped?: PipeRest) => {
    const pending: Array<Promise<Finding>> = [];
    const unlisted = new StreamedUnlisted();
    const add = ({ raw, context, silenced }: WindowFinding) => {
      if (silenced) report.suppressed.inline++;
      if (silenced && opts.honourIgnores !== false) return;
      if (pending.length >= MAX_FINDINGS_PER_FILE) unlisted.add(raw.rule.id, raw.secret ?? raw.subject);
      else pending.push(withHash(finalize(raw, c, context), raw.secret ?? raw.subject, hashes, alsoAt?.(c)));
    };
    for (const raw of nameFindings(c, roots)) add({ raw, context: { text: '', caret: 1 }, silenced: false });
    let done: LargeScan;
    try {
      done = piped
        ? await scanPipe(piped.rest, c.path, c.kind, LIMIT, add)
        : await scanLarge(c.abs, c.path, c.kind, LIMIT, add);
    } catch (e) {
      report.errors.push(at(c, { message: `cannot read: ${fsReason(e)}` }));
      return;
    } finally {
      piped?.close();
    }
    if ('skipped' in done) return skip(report, c, done.skipped);
    if ('unread' in done) report.errors.push(at(c, { message: `cannot read: ${done.unread}` }));
    else report.scanned.push(at(c, { note: done.note }));
    if (unlisted.count > 0)
      pending.push(
        withHash(finalize(capped(unlisted.count), c), unlisted.key(RULE_CAPPED.id), hashes, alsoAt?.(c)),
      );
    pushAll(report.findings, await Promise.all(pending));
  };
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      const reader = new FileReader(MAX_FILE_BYTES);
      for (let n = await files.next(); !n.done; n = await files.next()) await one(n.value, reader);
    }),
  );

  const known = opts.knownSecrets && refSites.length > 0 ? await opts.knownSecrets() : undefined;
  if (known) await missingSecrets(known, opts.environment, refSites, report, hashes, alsoAt);
  const all = report.findings.sort(byPlace);
  const { baseline } = opts;
  report.findings = baseline ? all.filter((f) => !accepts(baseline, f)) : all;
  report.suppressed.baseline = all.length - report.findings.length;
  if (baseline) report.baseline = baselineUse(baseline);
  report.scanned.sort(
    (a, b) => (a.root ?? 0) - (b.root ?? 0) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
  );
  report.skipped.sort(byPlace);
  report.errors.sort(byPlace);
  report.durationMs = now() - started;
  return { ...report, unbaselined: all };
}

/** ScanOptions.text as the one candidate of a scan: a definition, whatever its name. */
async function* given(t: { name: string; text: string }): AsyncGenerator<Candidate> {
  yield { path: t.name, root: 0, abs: t.name, kind: 'data', explicit: true, nameTokens: [], text: t.text };
}

/** The one finding that stands for those a file's report does not list. */
function capped(beyond: number): RawFinding {
  return {
    rule: RULE_CAPPED,
    line: 1,
    column: 1,
    message: `${beyond} more ${beyond === 1 ? 'finding' : 'findings'} in this file, not listed (a report lists ${MAX_FINDINGS_PER_FILE} a file)`,
    subject: RULE_CAPPED.id,
  };
}

/**
 * A token in the file's own path, or in its root's path from the working directory (scan-root.ts): a
 * finding at its first line (the name is masked in every report).
 */
function nameFindings(c: Candidate, roots: ScanRoots): RawFinding[] {
  return [...(roots.roots[c.root ?? 0]?.tokens ?? []), ...c.nameTokens].map((t) => {
    const { prefix, length } = preview(t.secret);
    return {
      rule: t.rule,
      line: 1,
      column: 1,
      message: `${t.rule.description} is in the file's path (${prefix === null ? '' : `${prefix}…, `}${length} characters)`,
      subject: t.rule.id,
      secret: t.secret,
    };
  });
}

/** What a file over the limit reads as: no text, to be scanned window by window. */
const TOO_LARGE = Symbol('too large');
const LIMIT = `larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB`;

/**
 * The file's text, TOO_LARGE for a regular file over the limit, a pipe's rest for a pipe over it,
 * or undefined when it was skipped or could not be read (recorded in the report).
 */
async function readText(
  c: Candidate,
  report: ScanReport,
  reader: FileReader,
): Promise<string | typeof TOO_LARGE | PipeRest | undefined> {
  let buf: Uint8Array;
  try {
    // Regular files only, read to at most the cap: should the file have been swapped for a FIFO
    // or a device since the walk, nothing hangs and nothing grows.
    const read: ScanRead | PipeRead =
      c.pipe === true ? await reader.readPipe(c.abs as string) : await reader.read(c.abs);
    if ('notRegular' in read) return skip(report, c, 'not a regular file');
    // A pipe's start is read and gone: what was read and the rest are scanned as one stream.
    if ('overLimit' in read) return read.overLimit;
    if ('tooLarge' in read) return TOO_LARGE;
    buf = read.bytes;
  } catch (e) {
    report.errors.push(at(c, { message: `cannot read: ${fsReason(e)}` }));
    return undefined;
  }
  // A dotenv file is read by dotenv and Node's --env-file whatever bytes it holds: never binary.
  if (c.kind !== 'env' && buf.subarray(0, 8000).includes(0)) return skip(report, c, 'binary');
  // Text with a bad byte (a Latin-1 `é` in a comment) is still text that a reader takes whole, with
  // U+FFFD in its place (Node's --env-file does); skipped, one byte would hide the file's tokens.
  return reader.text(buf) ?? Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('utf8');
}

function skip(report: ScanReport, c: Candidate, reason: string): undefined {
  report.skipped.push(at(c, { reason }));
  return undefined;
}

/** `entry` at the candidate's path, in its root (the first root is left unsaid). */
function at<T extends object>(c: Candidate, entry: T): T & FileAt {
  return { path: c.path, ...(c.root ? { root: c.root } : {}), ...entry };
}
