// The masked source line of a finding: the same text as masking the whole line and cutting the
// window (checked against that naive version on random lines), at a cost that depends on the
// window, not on how many secrets the file holds; and the credential search stays n log n.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskedLine } from '../../../../src/lib/security-check/finding.js';
import {
  type CredentialMatch,
  findCredentials,
  LineIndex,
} from '../../../../src/lib/security-check/scan-text.js';

/** What maskedLine did before: every span applied to the whole line, then the window cut. */
function naive(lines: LineIndex, line: number, column: number, spans: readonly CredentialMatch[]) {
  const start = lines.lineStart(line);
  let raw = lines.lineText(line);
  for (const s of spans) {
    const from = Math.max(s.start - start, 0);
    const to = Math.min(s.end - start, raw.length);
    if (to <= from) continue;
    // A short secret is masked whole: its first 4 characters would be most of it.
    const keep = s.start >= start && s.secret.length - 4 >= 16 ? Math.min(4, to - from) : 0;
    raw = raw.slice(0, from + keep) + '*'.repeat(to - from - keep) + raw.slice(to);
  }
  const first = Math.max(0, column - 1 - 60);
  const lead = first > 0 ? '…' : '';
  const tail = first + 200 < raw.length ? '…' : '';
  return { text: lead + raw.slice(first, first + 200) + tail, caret: column - first + lead.length };
}

const span = (start: number, end: number) =>
  ({ start, end, offset: start, secret: 'x'.repeat(end - start) }) as CredentialMatch;

describe('maskedLine', () => {
  it('is what masking the whole line then cutting the window gives, on random lines and spans', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z ]{0,400}$/), { minLength: 1, maxLength: 4 }),
        fc.array(fc.tuple(fc.nat(1700), fc.integer({ min: 1, max: 300 })), { maxLength: 30 }),
        fc.nat(),
        fc.nat(),
        (rows, raw, lineSeed, columnSeed) => {
          const text = rows.join('\n');
          // Disjoint spans, in a random order (a span may run over a line break, like a PEM body).
          const spans: CredentialMatch[] = [];
          for (const [at, len] of raw) {
            const s = span(Math.min(at, text.length), Math.min(at + len, text.length));
            if (s.end > s.start && !spans.some((t) => s.start < t.end && t.start < s.end)) spans.push(s);
          }
          const lines = new LineIndex(text);
          const line = (lineSeed % rows.length) + 1;
          const column = (columnSeed % (lines.lineText(line).length + 1)) + 1;
          expect(maskedLine(lines, line, column, spans)).toEqual(naive(lines, line, column, spans));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('looks at the spans near the window only: many secrets on one line, one finding each', () => {
    const n = 400;
    const text = Array.from({ length: n }, (_, i) => `tok_${String(i).padStart(36, '0')}`).join(' ');
    const lines = new LineIndex(text);
    let reads = 0;
    const spans = Array.from({ length: n }, (_, i) => {
      const start = i * 41;
      return {
        offset: start,
        end: start + 40,
        secret: text.slice(start, start + 40),
        get start() {
          reads++;
          return start;
        },
      } as unknown as CredentialMatch;
    });
    maskedLine(lines, 1, 1, spans); // the file's span index is built once
    reads = 0;
    for (let i = 0; i < n; i++) maskedLine(lines, 1, i * 41 + 1, spans);
    // A 200-character window meets at most 6 spans of 41 characters; before, every call read all n.
    expect(reads / n).toBeLessThan(20);
  });
});

describe('findCredentials', () => {
  it('4,000 tokens on one line are 4,000 findings, each span once', () => {
    const token = (i: number) => `ghp_${String(i).padStart(6, '0')}Zq8wLk29XpR4vTn7Yb3mQ9cD1fH5jK`;
    const text = `x: ${Array.from({ length: 4000 }, (_, i) => token(i)).join(' ')}\n`;
    const found = findCredentials(text);
    expect(found).toHaveLength(4000);
    expect(found.map((f) => f.secret)).toEqual(Array.from({ length: 4000 }, (_, i) => token(i)));
  });
});
