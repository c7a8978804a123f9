import { createHash } from 'node:crypto';
import type { CredentialMatch, LineIndex } from './scan-text.js';
import type { Finding, Level, RuleInfo, SecretPreview } from './types.js';

// A finding as a check produces it (with the secret, inside the engine only), and the one step that
// turns it into what reporters see: the secret replaced by its first 4 characters, its length and
// its SHA-256, and the source line with every secret on it masked.

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

export const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** At most the first 4 characters of a secret, and its length. */
export function preview(secret: string): SecretPreview {
  return { prefix: [...secret].slice(0, 4).join(''), length: [...secret].length };
}

/** A credential match as a raw finding. */
export function credentialFinding(match: CredentialMatch, lines: LineIndex): RawFinding {
  const { line, column } = lines.position(match.offset);
  const { prefix, length } = preview(match.secret);
  return {
    rule: match.rule,
    line,
    column,
    message: `${match.rule.description} is hardcoded here (${prefix}…, ${length} characters)`,
    subject: match.rule.id,
    secret: match.secret,
  };
}

const CONTEXT_BEFORE = 60;
const CONTEXT_WIDTH = 200;

/**
 * Line `line` of the text with every secret span on it masked (first 4 characters kept, the rest
 * `*`, so columns stay put), cut to a window around `column`, with the caret's column in it;
 * detached from the file's text, since it outlives it.
 */
export function maskedLine(
  lines: LineIndex,
  line: number,
  column: number,
  spans: readonly CredentialMatch[],
): { text: string; caret: number } {
  const start = lines.lineStart(line);
  let raw = lines.lineText(line);
  for (const s of spans) {
    const from = Math.max(s.start - start, 0);
    const to = Math.min(s.end - start, raw.length);
    if (to <= from) continue;
    // A span that began on an earlier line (a key's body) is masked whole.
    const keep = s.start >= start ? Math.min(4, to - from) : 0;
    raw = raw.slice(0, from + keep) + '*'.repeat(to - from - keep) + raw.slice(to);
  }
  const first = Math.max(0, column - 1 - CONTEXT_BEFORE);
  const cut = raw.slice(first, first + CONTEXT_WIDTH);
  const lead = first > 0 ? '…' : '';
  const tail = first + CONTEXT_WIDTH < raw.length ? '…' : '';
  return { text: detached(lead + cut + tail), caret: column - first + lead.length };
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
    hash: sha256(raw.secret ?? raw.subject),
  };
  if (raw.secret !== undefined) finding.secret = preview(raw.secret);
  if (context) finding.context = context;
  return finding;
}
