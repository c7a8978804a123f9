import { credentialFix, type FixPlace } from './credential-fix.js';
import type { CredentialMatch, LineIndex } from './scan-text.js';
import { firstEndingAfter, SecretCopies } from './secret-copies.js';

/**
 * What masking needs of a span: where it is, and what it covers (a credential, a hidden name, a
 * judged value); `keep`, the characters shown at its start when that is not a secret's rule.
 */
export type MaskSpan = Pick<CredentialMatch, 'start' | 'end' | 'secret'> & { keep?: number };

import type { Finding, Level, RuleInfo, SecretPreview } from './types.js';

// A finding as a check produces it (with the secret, inside the engine only), and the one step that
// turns it into what reporters see: the secret replaced by its length (and its first 4 characters
// when it is long), and the source line with every secret on it masked. Its hash is secret-hash.ts's.

/** A finding before it is made safe to report. */
export interface RawFinding {
  rule: RuleInfo;
  /** Defaults to the rule's level. */
  level?: Level;
  line: number;
  column: number;
  message: string;
  /** Defaults to the rule's fix; set when the fix names what this finding is about. */
  fix?: string;
  /** Hashed when there is no secret: a stable name for what is wrong (a variable, a path). */
  subject: string;
  secret?: string;
  /** The text at its place is what its message would not print: every excerpt of the file masks it. */
  hidesValue?: true;
  /** About the file as a whole (a variable it does not set): no line to show, `line:column` is 1:1. */
  whole?: true;
}

/**
 * A copy of `text` that shares no memory with the string it was cut from. V8 keeps the parent of a
 * slice or a concatenation alive: a finding holding a 200-character window of its line (or a
 * message naming a variable) would otherwise hold its whole file until the report is printed, and
 * the scan's memory would grow with the tree. JSON's round trip is exact for any UTF-16 string,
 * lone surrogates included (a window may cut a pair).
 */
export const detached = (text: string): string => JSON.parse(JSON.stringify(text)) as string;

/**
 * The first 4 characters of a secret are shown only when at least this many stay unknown: with a
 * short one, the prefix is most of it (`Summ` of an 8-character password leaves 4 to guess).
 */
export const MIN_HIDDEN = 16;
const showsPrefix = (length: number) => length - 4 >= MIN_HIDDEN;

/** The first 4 characters of a secret (when enough of it stays hidden), and its length. */
export function preview(secret: string): SecretPreview {
  const length = [...secret].length;
  return { prefix: showsPrefix(length) ? [...secret].slice(0, 4).join('') : null, length };
}

/** A credential match as a raw finding; its fix the one for the kind of file it is in (credential-fix.ts). */
export function credentialFinding(
  match: CredentialMatch,
  lines: LineIndex,
  place: FixPlace = 'workflow',
): RawFinding {
  const { line, column } = lines.position(match.offset);
  const { prefix, length } = preview(match.secret);
  return {
    rule: match.rule,
    line,
    column,
    message: `${match.rule.description} is hardcoded here (${prefix === null ? '' : `${prefix}…, `}${length} characters)`,
    subject: match.rule.id,
    secret: match.secret,
    ...(place === 'workflow' ? {} : { fix: credentialFix(match.rule, place) }),
  };
}

const CONTEXT_BEFORE = 60;
const CONTEXT_WIDTH = 200;

/**
 * Line `line` of the text with every secret span on it masked (first 4 characters kept when the
 * secret is long, the rest `*`, so columns stay put), cut to a window around `column`, with the
 * caret's column in it; detached from the file's text, since it outlives it. Only the window is
 * built, from the spans that start in or just before it (spanIndex) and the furthest end of those
 * that start earlier: a span starting further back is masked from before the window, so its part
 * in it is the window's start to that end. The cost of a finding is its window's, whatever the
 * line's length and however many secrets (or one long masked value before them) the file holds:
 * every span of the file was once visited for each finding after a long one, quadratic on a
 * one-line file of tokens.
 */
export function maskedLine(
  lines: LineIndex,
  line: number,
  column: number,
  spans: readonly MaskSpan[],
): { text: string; caret: number } {
  const start = lines.lineStart(line);
  const raw = lines.lineText(line);
  const first = Math.max(0, column - 1 - CONTEXT_BEFORE);
  const last = Math.min(raw.length, first + CONTEXT_WIDTH);
  const cut = raw.slice(first, last).split('');
  const index = spanIndex(spans);
  const [from, to] = [start + first, start + last];
  const mask = (a: number, b: number) => {
    for (let at = Math.max(a, from); at < Math.min(b, to); at++) cut[at - from] = '*';
  };
  // Spans starting before `from - maxKeep` mask from before the window (their kept characters, or
  // the line's start for a span that began on an earlier line): their union in it ends at the
  // furthest of their ends.
  const near = firstStartingAt(index.starts, from - index.maxKeep);
  if (near > 0) mask(from, Math.min(index.maxEnd[near - 1] as number, start + raw.length));
  for (let i = near; i < index.sorted.length && (index.starts[i] as number) < to; i++) {
    const s = index.sorted[i] as MaskSpan;
    const end = Math.min(s.end, start + raw.length);
    // A span that began on an earlier line (a key's body), or a short secret, is masked whole.
    const on = Math.max(s.start, start);
    mask(s.start >= start ? on + Math.min(index.keeps[i] as number, end - on) : on, end);
  }
  // The same secrets written again on this line, where no rule found them (secret-copies.ts).
  if (!index.copies.empty) {
    const copies = index.copies.on(lines, line);
    for (let i = firstEndingAfter(copies, from); i < copies.length; i++) {
      const c = copies[i] as MaskSpan;
      if (c.end - index.copies.reach >= to) break;
      if (c.start < to) mask(c.start + Math.min(c.keep ?? 0, c.end - c.start), c.end);
    }
  }
  const lead = first > 0 ? '…' : '';
  const tail = last < raw.length ? '…' : '';
  const shown = expandTabs(lead + cut.join('') + tail, column - first + lead.length);
  return { text: detached(shown.text), caret: shown.caret };
}

/** Tab stops of the excerpt: every 8 columns, as a terminal, `expand` and `less` put them. */
const TAB_STOP = 8;

/**
 * `text` with each tab replaced by spaces to the next tab stop (counted from the excerpt's start),
 * and the 1-based `caret` moved with it. Tab-indented JSON showed `\u0009\u0009"api_key":` (the
 * display layer escapes every control character, as it should the others); a tab is layout.
 */
export function expandTabs(text: string, caret: number): { text: string; caret: number } {
  if (!text.includes('\t')) return { text, caret };
  let out = '';
  let moved = caret;
  for (let i = 0; i < text.length; i++) {
    if (i === caret - 1) moved = out.length + 1;
    const c = text[i] as string;
    out += c === '\t' ? ' '.repeat(TAB_STOP - (out.length % TAB_STOP)) : c;
  }
  if (caret - 1 >= text.length) moved = out.length + caret - text.length;
  return { text: out, caret: moved };
}

/** A file's spans sorted by start: their starts, kept characters, the running maximum of their ends. */
interface SpanIndex {
  sorted: MaskSpan[];
  starts: number[];
  keeps: number[];
  maxEnd: number[];
  maxKeep: number;
  /** Where else on a shown line the file writes one of these secrets. */
  copies: SecretCopies;
}

/** Built once per file, in one pass after the sort (a secret's length is counted once, not per finding). */
const spanIndexes = new WeakMap<readonly MaskSpan[], SpanIndex>();
function spanIndex(spans: readonly MaskSpan[]): SpanIndex {
  let index = spanIndexes.get(spans);
  if (!index) {
    const sorted = [...spans].sort((a, b) => a.start - b.start);
    // Each secret read once (test/unit/lib/security-check/masked-line-linear.test.ts counts the reads).
    const secrets = sorted.map((s) => s.secret);
    const keeps = sorted.map((s, i) => s.keep ?? (showsPrefix([...(secrets[i] as string)].length) ? 4 : 0));
    index = { sorted, starts: [], keeps, maxEnd: [], maxKeep: 0, copies: new SecretCopies(secrets, keeps) };
    for (const [i, s] of sorted.entries()) {
      index.starts.push(s.start);
      index.maxEnd.push(Math.max(s.end, index.maxEnd[index.maxEnd.length - 1] ?? 0));
      index.maxKeep = Math.max(index.maxKeep, keeps[i] as number);
    }
    spanIndexes.set(spans, index);
  }
  return index;
}

/** The first index whose span starts at or after `offset`. */
function firstStartingAt(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((starts[mid] as number) >= offset) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Where a finding is: its file's path, relative to the root of that index (scan-root.ts). */
export interface FileAt {
  path: string;
  root?: number;
}

/** Make a raw finding safe to report. */
export function finalize(raw: RawFinding, at: FileAt, context?: { text: string; caret: number }): Finding {
  const finding: Finding = {
    rule: raw.rule.id,
    level: raw.level ?? raw.rule.level,
    path: at.path,
    ...(at.root ? { root: at.root } : {}),
    line: raw.line,
    column: raw.column,
    message: detached(raw.message),
    fix: raw.fix === undefined ? raw.rule.fix : detached(raw.fix),
    hash: '', // set by secret-hash.ts's withHash, on the thread pool
  };
  if (raw.secret !== undefined) finding.secret = preview(raw.secret);
  if (raw.whole) finding.whole = true;
  else if (context) finding.context = context;
  return finding;
}

/**
 * The report's order: by root, then path; in a file, its file-level findings (`file`, no line)
 * first, then by line, column and rule. A file-level finding is at 1:1 for SARIF, and sorted as
 * 1:1 it fell between `1:1` and `2:20` in one file and before them in another.
 */
export function byPlace(
  a: FileAt & { line?: number; column?: number; rule?: string; whole?: true },
  b: FileAt & { line?: number; column?: number; rule?: string; whole?: true },
): number {
  return (
    (a.root ?? 0) - (b.root ?? 0) ||
    a.path.localeCompare(b.path) ||
    (b.whole ? 1 : 0) - (a.whole ? 1 : 0) ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    (a.rule ?? '').localeCompare(b.rule ?? '')
  );
}
