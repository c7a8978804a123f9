// How big a schema's regular expressions compile, read from the pattern text alone (no engine):
// RE2 (lib/input-schema.ts runs every pattern on re2js) expands a counted repetition `x{n,m}` into
// m copies of x, so `[a-z]{1000}` repeated 20 times, 32 characters of pattern, is a program of
// 20,000 instructions; RE2's linear time is linear in the input times that size, and one test of a
// 100 KB string against it held the emulator for 61 s of CPU (a create of 100 such patterns, 6 s).
// The size bounds what a create compiles (per pattern and per schema, input-schema-guards.ts) and
// weighs what each test of an input costs (input-schema-costs.ts).

/** Compiled size one pattern may have: a hostname or email pattern is 50 to 300. */
export const MAX_PATTERN_SIZE = 5_000;
/** Compiled size all of a schema's patterns may have together (a pattern in two places counts twice). */
export const MAX_PATTERNS_SIZE = 20_000;

interface Frame {
  /** Sizes of the alternatives closed so far (before each `|`). */
  alts: number[];
  /** Size of the alternative being read. */
  seq: number;
  /** Size of the last atom, which a quantifier repeats; 0 when there is none (after `(`, `|`). */
  last: number;
  /** The last atom is already quantified: a `?` after it is laziness, costing nothing. */
  quantified: boolean;
}

const COUNTED = /\{(\d+)(,(\d*))?\}/y;

/**
 * The compiled size of `pattern`, an upper bound of RE2's instruction count: an atom (a character,
 * a class, an escape) is 1; a group is its content plus 1; an alternation sums its branches plus
 * one per `|`; `*`, `+`, `?` add 1; `{n}`, `{n,}`, `{n,m}` multiply by m (by n + 1 without one) and
 * add 1. Nested repetitions multiply out: `((a{50}){50}){50}` is 132,651. Never throws: a text
 * that is no regular expression gets some size, and the compile says what is wrong with it.
 * Iterative, so a pattern of 100,000 `(` is no stack overflow.
 */
export function patternSize(pattern: string): number {
  const frames: Frame[] = [{ alts: [], seq: 0, last: 0, quantified: false }];
  const top = () => frames[frames.length - 1] as Frame;
  const atom = (size: number) => {
    const f = top();
    f.seq += size;
    f.last = size;
    f.quantified = false;
  };
  const repeat = (times: number, extra: number) => {
    const f = top();
    if (f.last === 0 || f.quantified) return;
    const grown = f.last * times + extra;
    f.seq += grown - f.last;
    f.last = grown;
    f.quantified = true;
  };
  const close = (f: Frame) => f.alts.reduce((a, b) => a + b, f.seq) + f.alts.length;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      atom(1);
    } else if (c === '[') {
      // To the class's end: `]` first in it (or after `^`) is a character in some dialects, and an
      // escaped one never ends it. Counted 1 whatever it holds (RE2 compiles a class to ranges).
      let j = i + 1;
      if (pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
      i = j;
      atom(1);
    } else if (c === '(') {
      frames.push({ alts: [], seq: 0, last: 0, quantified: false });
      // `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!`, `(?<name>`: the prefix is no atom.
      if (pattern[i + 1] === '?') {
        const named = /\?(?:<[A-Za-z_$][\w$]*>|<=|<!|[:=!])/y;
        named.lastIndex = i + 1;
        if (named.test(pattern)) i = named.lastIndex - 1;
      }
    } else if (c === ')' && frames.length > 1) {
      const inner = close(frames.pop() as Frame);
      atom(inner + 1);
    } else if (c === '|') {
      const f = top();
      f.alts.push(f.seq);
      f.seq = 0;
      f.last = 0;
      f.quantified = false;
    } else if (c === '*' || c === '+' || c === '?') {
      repeat(1, 1);
    } else if (c === '{') {
      COUNTED.lastIndex = i;
      const m = COUNTED.exec(pattern);
      if (m) {
        const n = Number(m[1]);
        const most = m[2] === undefined ? n : m[3] === '' ? n + 1 : Number(m[3]);
        repeat(Math.max(1, n, most), 1);
        i = COUNTED.lastIndex - 1;
      } else atom(1);
    } else atom(1);
  }
  while (frames.length > 1) {
    const inner = close(frames.pop() as Frame);
    atom(inner + 1);
  }
  return close(top());
}
