import { CREDENTIAL_RULES, type CredentialRule } from './credential-rules.js';
import { containsReference, entropyAfter, isPlaceholder } from './entropy.js';
import { GENERIC_RULE } from './generic-rule.js';

/** A credential found in a text: offsets into it, and the secret itself (never leaves the engine). */
export interface CredentialMatch {
  rule: CredentialRule;
  /** Where the finding points (the secret's start, or a private key's BEGIN). */
  offset: number;
  /** The secret's span. */
  start: number;
  end: number;
  secret: string;
}

/** The provider rules, then the generic one: earlier rules win a span both match. */
export const ALL_CREDENTIAL_RULES: readonly CredentialRule[] = [...CREDENTIAL_RULES, GENERIC_RULE];

function candidates(rule: CredentialRule, text: string): CredentialMatch[] {
  const out: CredentialMatch[] = [];
  rule.pattern.lastIndex = 0;
  for (let m = rule.pattern.exec(text); m !== null; m = rule.pattern.exec(text)) {
    const secret = m[rule.group];
    const span = m.indices?.[rule.group];
    if (secret === undefined || span === undefined) continue;
    if (containsReference(secret) || isPlaceholder(secret)) continue;
    if (rule.minEntropy !== undefined && entropyAfter(secret, rule.skip ?? 0) < rule.minEntropy) continue;
    if (rule.accept && !rule.accept(secret, m[0])) continue;
    out.push({
      rule,
      offset: rule.reportAtMatch ? m.index : span[0],
      start: span[0],
      end: span[1],
      secret: rule.normalize ? rule.normalize(secret) : secret,
    });
  }
  return out;
}

/**
 * Every credential in `text`, one per span: a rule runs only when the file contains one of its
 * keywords, and a span already claimed by an earlier rule is not reported again.
 */
export function findCredentials(text: string): CredentialMatch[] {
  const lower = text.toLowerCase();
  const taken: CredentialMatch[] = [];
  for (const rule of ALL_CREDENTIAL_RULES) {
    if (!rule.keywords.some((k) => lower.includes(k))) continue;
    for (const c of candidates(rule, text)) {
      if (!taken.some((t) => c.start < t.end && t.start < c.end)) taken.push(c);
    }
  }
  return taken.sort((a, b) => a.offset - b.offset);
}

/** Line starts of a text, to turn offsets into 1-based line and column. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.starts[lo] as number) + 1 };
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const start = this.starts[line - 1] ?? this.text.length;
    const next = this.starts[line];
    return this.text.slice(start, next === undefined ? undefined : next - 1).replace(/\r$/, '');
  }

  /** Offset of the start of a 1-based line. */
  lineStart(line: number): number {
    return this.starts[line - 1] ?? this.text.length;
  }
}
