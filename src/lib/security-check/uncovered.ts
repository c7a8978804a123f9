import type { CredentialMatch } from './scan-text.js';

// What of a value the text scan's findings do not cover, for the passes that judge a whole value
// (decoded-scalars.ts, env-values.ts): a password beside a found token is a value of its own, and
// is reported and masked whatever the value's layout.

/** The text scan's findings, sorted by place (they are disjoint: their ends are sorted too). */
export class Covered {
  private readonly sorted: CredentialMatch[];

  constructor(found: readonly CredentialMatch[]) {
    this.sorted = [...found].sort((a, b) => a.start - b.start);
  }

  /** The findings that overlap [start, end), in order: a binary search, then only those. */
  within(start: number, end: number): CredentialMatch[] {
    const s = this.sorted;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((s[mid] as CredentialMatch).end > start) hi = mid;
      else lo = mid + 1;
    }
    const out: CredentialMatch[] = [];
    for (let i = lo; i < s.length && (s[i] as CredentialMatch).start < end; i++)
      out.push(s[i] as CredentialMatch);
    return out;
  }
}

/** What splits what is left of a line beside a found secret: blanks, and a value's separators. */
const SEPARATORS = /[\s,;@=]+/;

/** A line break, in the value or as the text writes it in quotes (`\n`): a secret's lines are split on both. */
const LINE_BREAK = /\r\n|\r|\n/g;
const WRITTEN_BREAK = /\r\n|\r|\n|\\[nr]/;

/**
 * The pieces of a value that no found secret covers, line by line: a line with no found secret is
 * kept whole; what is left of one beside a found secret is split on blanks and separators (a
 * password after `,` or `@db ` is a value of its own), empty pieces dropped; a line inside a
 * secret (a private key's block) has none. `secrets` are the findings' text, in the order they
 * appear in the value (the file's), so one sweep finds each after the last: a value's cost is its
 * length and theirs, never lines x secrets. A secret over several lines is found line by line.
 */
export function uncovered(value: string, secrets: readonly string[]): string[] {
  return cutOut(value, secrets).parts;
}

function cutOut(value: string, secrets: readonly string[]): { parts: string[]; unplaced: Set<number> } {
  const { cuts, unplaced } = sweep(value, secrets);
  const parts: string[] = [];
  let c = 0;
  const lineBreak = new RegExp(LINE_BREAK);
  for (let from = 0; from <= value.length; ) {
    const m = lineBreak.exec(value);
    const to = m ? m.index : value.length;
    let at = from;
    const left: string[] = [];
    for (; c < cuts.length && (cuts[c] as [number, number])[0] < to; c++) {
      const [a, b] = cuts[c] as [number, number];
      left.push(value.slice(at, a));
      at = b;
    }
    if (left.length === 0) {
      const line = value.slice(from, to);
      if (line.trim() !== '') parts.push(line);
    } else {
      left.push(value.slice(at, to));
      for (const piece of left) for (const p of piece.split(SEPARATORS)) if (p !== '') parts.push(p);
    }
    if (!m) break;
    from = m.index + m[0].length;
  }
  return { parts, unplaced };
}

/**
 * Where each secret's lines are in `value`, searched in order from the end of the last one found,
 * and which secrets were not found whole. A piece the value does not hold as written (an escape or
 * a quote, which decoding changes) is not searched for, and the searches cost at most twice the
 * value's length: past that, what is left is not cut.
 */
function sweep(value: string, secrets: readonly string[]) {
  const cuts: Array<[number, number]> = [];
  const unplaced = new Set<number>();
  let cursor = 0;
  let budget = 2 * value.length + 1;
  secrets.forEach((secret, i) => {
    for (const raw of secret.split(WRITTEN_BREAK)) {
      const piece = raw.trim();
      if (piece === '') continue;
      const at = budget < 0 || /[\\'"]/.test(piece) ? -1 : value.indexOf(piece, cursor);
      budget -= (at === -1 ? value.length : at + piece.length) - cursor;
      if (at === -1) {
        unplaced.add(i);
        continue;
      }
      cuts.push([at, at + piece.length]);
      cursor = at + piece.length;
    }
  });
  return { cuts, unplaced };
}

/**
 * What is left to judge of a value at [start, end) of `text` beside the text scan's findings
 * overlapping it (`inside`, in order): its uncovered parts, and whether a rule's match on them is
 * one of those findings again: the same secret, or the rule of one the value does not hold as the
 * text writes it (read through its escapes). `cut: false` when the value is not the text's (a
 * binary's bytes). A finding is cut out as the text spells it: a private key's secret is its body
 * without line breaks, which no line of the value is.
 */
export function besideFound(
  text: string,
  value: string,
  inside: readonly CredentialMatch[],
  [start, end]: [number, number],
  cut = true,
): { parts: string[]; known: (m: CredentialMatch) => boolean } {
  // A value the text scan found with its escapes (`"Xk9m\\"Q2…"`) is the same value decoded.
  const secrets = new Set(inside.flatMap((f) => [f.secret, unescaped(f.secret)]));
  const cuts = cut ? inside.filter((f) => f.start >= start && f.end <= end) : [];
  const { parts, unplaced } = cutOut(
    value,
    cuts.map((f) => text.slice(f.start, f.end)),
  );
  const standing = new Set([...unplaced].map((i) => (cuts[i] as CredentialMatch).rule.id));
  return { parts, known: (m) => secrets.has(m.secret) || standing.has(m.rule.id) };
}

/** A secret as the text wrote it inside double quotes, its JSON escapes undone (itself otherwise). */
function unescaped(secret: string): string {
  if (!secret.includes('\\')) return secret;
  try {
    return JSON.parse(`"${secret}"`);
  } catch {
    return secret;
  }
}
