import type { CredentialMatch, LineIndex } from './scan-text.js';
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
  /** Hashed when there is no secret: a stable name for what is wrong (a variable, a path). */
  subject: string;
  secret?: string;
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

/** A credential match as a raw finding. */
export function credentialFinding(match: CredentialMatch, lines: LineIndex): RawFinding {
  const { line, column } = lines.position(match.offset);
  const { prefix, length } = preview(match.secret);
  return {
    rule: match.rule,
    line,
    column,
    message: `${match.rule.description} is hardcoded here (${prefix === null ? '' : `${prefix}…, `}${length} characters)`,
    subject: match.rule.id,
    secret: match.secret,
  };
}

const CONTEXT_BEFORE = 60;
const CONTEXT_WIDTH = 200;

/**
 * Line `line` of the text with every secret span on it masked (first 4 characters kept when the
 * secret is long, the rest `*`, so columns stay put), cut to a window around `column`, with the
 * caret's column in it. Only the window is built, from the spans that reach into it: masking the
 * whole line for every finding cost findings × spans × line length (4,000 tokens on one line of a
 * 164 KB file took minutes). Detached from the file's text, since it outlives it.
 */
export function maskedLine(
  lines: LineIndex,
  line: number,
  column: number,
  spans: readonly CredentialMatch[],
): { text: string; caret: number } {
  const start = lines.lineStart(line);
  const full = lines.lineText(line);
  const first = Math.max(0, column - 1 - CONTEXT_BEFORE);
  const last = Math.min(full.length, first + CONTEXT_WIDTH);
  let raw = full.slice(first, last);
  const base = start + first;
  for (const s of spans) {
    if (s.end <= base || s.start >= start + last) continue;
    const from = Math.max(s.start - base, 0);
    const to = Math.min(s.end - base, raw.length);
    if (to <= from) continue;
    // The 4 characters shown are the secret's own first ones: none when the span began before
    // the window or on an earlier line (a key's body), or when the secret is short.
    const keep = s.start >= base && showsPrefix([...s.secret].length) ? Math.min(4, to - from) : 0;
    raw = raw.slice(0, from + keep) + '*'.repeat(to - from - keep) + raw.slice(to);
  }
  const lead = first > 0 ? '…' : '';
  const tail = last < full.length ? '…' : '';
  return { text: detached(lead + raw + tail), caret: column - first + lead.length };
}

/** Make a raw finding safe to report. */
export function finalize(raw: RawFinding, path: string, context?: { text: string; caret: number }): Finding {
  const finding: Finding = {
    rule: raw.rule.id,
    level: raw.level ?? raw.rule.level,
    path,
    line: raw.line,
    column: raw.column,
    message: detached(raw.message),
    fix: raw.rule.fix,
    hash: '', // set by secret-hash.ts's withHash, on the thread pool
  };
  if (raw.secret !== undefined) finding.secret = preview(raw.secret);
  if (context) finding.context = context;
  return finding;
}
