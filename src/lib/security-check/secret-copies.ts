import type { MaskSpan } from './finding.js';
import type { LineIndex } from './scan-text.js';

// The other places a file writes one of its secrets again. A rule finds a credential where it
// stands (under its key, after `Bearer`); the same value written a second time on a shown line (a
// `note` beside the header, a flow mapping's other field) is no finding of its own, and the excerpt
// printed it whole. Hostile pass 15, H15-1. Only the lines an excerpt shows are searched, each once,
// a position at a time by the last KEY characters that end there, so the cost is those lines'
// length, however many secrets the file holds (a line of 20,000 tokens stays linear).

/** A copy is looked up by the characters it ends with: a secret's tail is its random part (prefixes such as `fib_live_` are shared). */
const KEY = 8;
/** Shorter pieces are not looked for: a one- or two-character value is everywhere, and its length is all the report says of it. */
const SHORTEST = 3;
/** The most KEY-character runs kept to find a part of a secret copied: past it, only whole copies are found. */
const GRAM_BUDGET = 65_536;

interface Piece {
  text: string;
  keep: number;
}

export class SecretCopies {
  private readonly byTail = new Map<string, Piece[]>();
  private readonly short = new Map<string, Piece>();
  private readonly shortLengths = new Set<number>();
  private readonly onLine = new Map<number, MaskSpan[]>();
  /** Every KEY-character run of the file's secrets, while they are few (GRAM_BUDGET): a part of one copied. */
  private grams: Set<string> | undefined = new Set();
  private longest = 0;

  /** A file's secrets, and `keeps[i]` the characters secret i's own masking keeps (a piece of a multi-line secret keeps none). */
  constructor(secrets: readonly string[], keeps: readonly number[]) {
    const seen = new Set<string>();
    secrets.forEach((secret, i) => {
      if (secret === '' || seen.has(secret)) return;
      seen.add(secret);
      const pieces = secret.split(/\r?\n/);
      const keep = pieces.length === 1 ? (keeps[i] ?? 0) : 0;
      for (const text of pieces) this.add({ text, keep });
    });
  }

  /** Whether the file has any secret to look for. */
  get empty(): boolean {
    return this.longest === 0;
  }

  /** The longest piece: no copy ending past a window's end by more than this reaches into it. */
  get reach(): number {
    return this.longest;
  }

  private add(piece: Piece): void {
    const length = piece.text.length;
    if (length < SHORTEST) return;
    this.longest = Math.max(this.longest, length);
    if (length < KEY) {
      this.short.set(piece.text, piece);
      this.shortLengths.add(length);
      return;
    }
    if (this.grams && this.grams.size + length > GRAM_BUDGET) this.grams = undefined;
    for (let i = KEY; this.grams && i <= length; i++) this.grams.add(piece.text.slice(i - KEY, i));
    const tail = piece.text.slice(-KEY);
    const bucket = this.byTail.get(tail);
    if (bucket) bucket.push(piece);
    else this.byTail.set(tail, [piece]);
  }

  /** Every copy of a secret that ends on the 1-based `line`, in the order of their ends. */
  on(lines: LineIndex, line: number): readonly MaskSpan[] {
    const known = this.onLine.get(line);
    if (known) return known;
    const found: MaskSpan[] = [];
    const text = lines.text;
    const start = lines.lineStart(line);
    const end = start + lines.lineText(line).length;
    for (let q = start + 1; q <= end; q++) {
      for (const length of this.shortLengths) {
        const piece = q - length >= 0 ? this.short.get(text.slice(q - length, q)) : undefined;
        if (piece) found.push({ start: q - length, end: q, secret: piece.text, keep: piece.keep });
      }
      if (q - KEY < 0) continue;
      const bucket = this.byTail.get(text.slice(q - KEY, q));
      if (!bucket) continue;
      for (const piece of bucket) {
        const from = q - piece.text.length;
        if (from >= 0 && text.startsWith(piece.text, from))
          found.push({ start: from, end: q, secret: piece.text, keep: piece.keep });
      }
    }
    const all = this.withParts(found, text, start, end);
    this.onLine.set(line, all);
    return all;
  }

  /**
   * `whole` (the line's copies, in the order of their ends) with the runs of the line that repeat
   * KEY or more characters of a secret and lie in no copy: a part of a secret written again (`# was:
   * <all of it but its first character>`) was printed whole (hostile re-pass 15). Such a run is
   * masked whole; a copy keeps its first characters as its secret's preview does.
   */
  private withParts(whole: MaskSpan[], text: string, start: number, end: number): MaskSpan[] {
    const grams = this.grams;
    if (!grams || grams.size === 0) return whole;
    const runs: MaskSpan[] = [];
    let w = 0;
    let run: MaskSpan | undefined;
    for (let q = start + KEY; q <= end; q++) {
      if (!grams.has(text.slice(q - KEY, q))) continue;
      const from = q - KEY;
      while (w < whole.length && (whole[w] as MaskSpan).end < q) w++;
      let inCopy = false;
      for (let i = w; i < whole.length && (whole[i] as MaskSpan).end <= from + this.longest; i++)
        if ((whole[i] as MaskSpan).start <= from) inCopy = true;
      if (inCopy) continue;
      // A run is never longer than a secret: maskedLine looks no further back than that.
      if (run && from <= run.end && q - run.start <= this.longest) run.end = q;
      else {
        if (run) runs.push(run);
        run = { start: from, end: q, secret: '', keep: 0 };
      }
    }
    if (run) runs.push(run);
    return runs.length === 0 ? whole : [...whole, ...runs].sort((x, y) => x.end - y.end);
  }
}

/** The first index whose copy ends after `offset` (copies are in the order of their ends). */
export function firstEndingAfter(copies: readonly MaskSpan[], offset: number): number {
  let lo = 0;
  let hi = copies.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((copies[mid] as MaskSpan).end > offset) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
