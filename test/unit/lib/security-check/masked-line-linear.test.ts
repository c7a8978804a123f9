// maskedLine in one pass over a file's sorted spans: the same excerpt as the version that walked
// every span after a long one (kept here as the reference) on random small lines, spans and kept
// prefixes, and a cost that does not grow with the spans before the window: a one-line file with a
// long masked value and thousands of tokens after it visited each token once per finding.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandTabs, type MaskSpan, maskedLine } from '../../../../src/lib/security-check/finding.js';
import { LineIndex } from '../../../../src/lib/security-check/scan-text.js';

/** The previous maskedLine, verbatim but for names: every span from the first reaching the window. */
function reference(lines: LineIndex, line: number, column: number, spans: readonly MaskSpan[]) {
  const start = lines.lineStart(line);
  const raw = lines.lineText(line);
  const first = Math.max(0, column - 1 - 60);
  const last = Math.min(raw.length, first + 200);
  const cut = raw.slice(first, last).split('');
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const maxEnd: number[] = [];
  for (const s of sorted) maxEnd.push(Math.max(s.end, maxEnd[maxEnd.length - 1] ?? 0));
  let i = maxEnd.findIndex((e) => e > start + first);
  if (i < 0) i = sorted.length;
  for (; i < sorted.length && (sorted[i] as MaskSpan).start < start + last; i++) {
    const s = sorted[i] as MaskSpan;
    const on = Math.max(s.start, start);
    const end = Math.min(s.end, start + raw.length);
    const keep = s.keep ?? ([...s.secret].length - 4 >= 16 ? 4 : 0);
    const from = s.start >= start ? on + Math.min(keep, end - on) : on;
    for (let at = Math.max(from, start + first); at < Math.min(end, start + last); at++)
      cut[at - start - first] = '*';
  }
  const lead = first > 0 ? '…' : '';
  const tail = last < raw.length ? '…' : '';
  return expandTabs(lead + cut.join('') + tail, column - first + lead.length);
}

describe('maskedLine in one pass', () => {
  it('gives what the previous version gave, on random lines, spans and kept prefixes', () => {
    fc.assert(
      fc.property(
        // No `x` in the text: the spans' secrets are runs of it, and a copy of one is masked too (secret-copies.ts).
        fc.array(fc.stringMatching(/^[a-w \t]{0,300}$/), { minLength: 1, maxLength: 4 }),
        fc.array(
          fc.record({
            start: fc.nat(1300),
            length: fc.integer({ min: 0, max: 400 }),
            secret: fc.integer({ min: 0, max: 30 }),
            keep: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
          }),
          { maxLength: 25 },
        ),
        fc.nat(),
        fc.nat(),
        (rows, raws, lineSeed, columnSeed) => {
          const text = rows.join('\n');
          const lines = new LineIndex(text);
          const spans: MaskSpan[] = raws.map((r) => ({
            start: Math.min(r.start, text.length),
            end: Math.min(r.start + r.length, text.length),
            secret: 'x'.repeat(r.secret),
            ...(r.keep === undefined ? {} : { keep: r.keep }),
          }));
          const line = (lineSeed % rows.length) + 1;
          const column = (columnSeed % ((rows[line - 1] as string).length + 1)) + 1;
          expect(maskedLine(lines, line, column, spans)).toEqual(reference(lines, line, column, spans));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('reads each span a bounded number of times, however many findings follow a long span on one line', () => {
    const tokens = 4000;
    const text = `${'v'.repeat(50)}${Array.from({ length: tokens }, (_, i) => `"t${i}":"${'s'.repeat(40)}"`).join(',')}`;
    const lines = new LineIndex(text);
    let reads = 0;
    // A secret read is a visit: counted by a getter on each span.
    const counted = (start: number, end: number, keep?: number): MaskSpan => {
      const secret = 's'.repeat(end - start);
      return Object.defineProperty({ start, end, ...(keep === undefined ? {} : { keep }) }, 'secret', {
        get: () => {
          reads++;
          return secret;
        },
        enumerable: true,
      }) as MaskSpan;
    };
    // A value masked from column 10 to the line's end (an excerpt that would print it), then the tokens.
    const spans: MaskSpan[] = [counted(10, text.length, 0)];
    for (let i = 0, at = text.indexOf('"s'); i < tokens; i++, at = text.indexOf('"s', at + 1))
      spans.push(counted(at + 1, at + 41));
    for (let f = 0; f < 200; f++)
      maskedLine(lines, 1, 51 + Math.floor((f * (text.length - 60)) / 200), spans);
    // Once each when the file's index is built; the old walk read about 200 × 2,000 of them.
    expect(reads).toBeLessThanOrEqual(spans.length);
  });
});
