import { CREDENTIAL_RULES, type CredentialRule } from './credential-rules.js';
import { containsReference, entropyAfter, isPlaceholder, isReference, shellDefault } from './entropy.js';
import { DOTENV_GENERIC_RULE, GENERIC_RULE, genericCredential } from './generic-rule.js';

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
/** The same for a dotenv file's text, where `#` ends an unquoted value (generic-rule.ts). */
const DOTENV_CREDENTIAL_RULES: readonly CredentialRule[] = [...CREDENTIAL_RULES, DOTENV_GENERIC_RULE];

function candidates(rule: CredentialRule, text: string): CredentialMatch[] {
  const out: CredentialMatch[] = [];
  rule.pattern.lastIndex = 0;
  for (let m = rule.pattern.exec(text); m !== null; m = rule.pattern.exec(text)) {
    const quoted = m[rule.group];
    const at = m.indices?.[rule.group];
    if (quoted === undefined || at === undefined) continue;
    // Blanks inside the quotes around a value (`token: " ghp_… "`) are no part of the secret: a
    // value is judged, hashed and pointed at without them (a private key's body keeps its own).
    const lead = rule.normalize ? 0 : (/^[ \t]*/.exec(quoted)?.[0].length ?? 0);
    const secret = rule.normalize ? quoted : quoted.slice(lead).replace(/[ \t]+$/, '');
    if (secret === '') continue;
    const span: [number, number] = [at[0] + lead, at[0] + lead + secret.length];
    // The placeholder words are judged on what follows the rule's prefix (`ghp_`): its `_` is no word edge.
    // A whole reference first: the cheapest test, and what most values under a credential key are.
    if (rule.judgesReferences ? isReference(secret) : containsReference(secret)) continue;
    if (isPlaceholder(secret.slice(rule.skip ?? 0))) continue;
    if (rule.minEntropy !== undefined && entropyAfter(secret, rule.skip ?? 0) < rule.minEntropy) continue;
    if (rule.accept && !rule.accept(secret, m)) continue;
    // A rule that judges references judged a shell default's word (`${X:-word}`): that is the finding.
    const own = rule.judgesReferences ? shellDefault(secret) : undefined;
    if (own !== undefined) {
      span[0] += own.at;
      span[1] = span[0] + own.word.length;
    }
    out.push({
      rule,
      offset: rule.reportAtMatch ? m.index : span[0],
      start: span[0],
      end: span[1],
      secret: own?.word ?? (rule.normalize ? rule.normalize(secret) : secret),
    });
  }
  return out;
}

/**
 * Which rules read a text: a dotenv file's, any other's, or the token formats alone (no generic
 * rule: a window of a file too large to parse, where a key-value line is no evidence: windowed.ts).
 */
export type CredentialSyntax = 'dotenv' | 'other' | 'tokens';

/**
 * Every credential in `text`, one per span: a rule runs only when the file contains one of its
 * keywords, and a span already claimed by an earlier rule is not reported again. The claimed spans
 * are kept sorted and disjoint, so each candidate is checked by binary search, not against every
 * earlier span: thousands of tokens on one line cost n log n, not n².
 */
export function findCredentials(text: string, syntax: CredentialSyntax = 'other'): CredentialMatch[] {
  const lower = text.toLowerCase();
  let taken: CredentialMatch[] = [];
  const rules =
    syntax === 'dotenv'
      ? DOTENV_CREDENTIAL_RULES
      : syntax === 'tokens'
        ? CREDENTIAL_RULES
        : ALL_CREDENTIAL_RULES;
  for (const rule of rules) {
    if (!rule.keywords.some((k) => lower.includes(k))) continue;
    const fresh = candidates(rule, text).filter((c) => !overlapsTaken(taken, c));
    if (fresh.length > 0) taken = mergeByStart(taken, fresh);
  }
  return taken.sort((a, b) => a.offset - b.offset);
}

/**
 * The credentials of a (key, value) pair a parser gave as strings (a decoded JSON or YAML scalar,
 * a dotenv value over several lines): the rules on the pair written as one line (a token in the
 * value, a header's scheme, a name-shaped rule such as AWS's), except that the generic rule judges
 * the pair itself, the key by its words and the value whole (generic-rule.ts), never by matching
 * the line it was written into. Offsets are into that line; the secret is the value as decoded.
 */
export function pairCredentials(name: string, value: string): CredentialMatch[] {
  const key = JSON.stringify(name);
  const at = key.length + 3;
  const line = `${key}: ${JSON.stringify(value)}`;
  const found = findCredentials(line).filter((m) => !(m.rule === GENERIC_RULE && m.start === at));
  if (!found.some((m) => m.end > at) && genericCredential(name, value))
    found.push({
      rule: GENERIC_RULE,
      offset: at,
      start: at,
      end: line.length - 1,
      secret: ownSpan(value),
    });
  return found;
}

/** A value without the blanks around it (`" Xk9m… "`), or a shell default's word: what is judged and hashed. */
function ownSpan(value: string): string {
  const trimmed = value.replace(/^[ \t]+|[ \t]+$/g, '');
  return shellDefault(trimmed)?.word ?? trimmed;
}

/** Whether `c` overlaps a span of `taken` (sorted by start, disjoint, so sorted by end too). */
function overlapsTaken(taken: readonly CredentialMatch[], c: CredentialMatch): boolean {
  let lo = 0;
  let hi = taken.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((taken[mid] as CredentialMatch).end > c.start) hi = mid;
    else lo = mid + 1;
  }
  const t = taken[lo];
  return t !== undefined && t.start < c.end;
}

function mergeByStart(a: readonly CredentialMatch[], b: CredentialMatch[]): CredentialMatch[] {
  b.sort((x, y) => x.start - y.start);
  const out: CredentialMatch[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && x.start <= y.start)) {
      out.push(x as CredentialMatch);
      i++;
    } else {
      out.push(y);
      j++;
    }
  }
  return out;
}

/** Line starts of a text, to turn offsets into 1-based line and column. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    // A lone CR ends a line too, as YAML, JSON's editors and dotenv read it (a file saved with the
    // old Mac line ends): counted as none, every finding of such a file was on line 1, its excerpt
    // the whole file (SC-WINJSON).
    if (!text.includes('\r')) {
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      if (c === 10 || c === 13) this.starts.push(i + 1);
    }
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
