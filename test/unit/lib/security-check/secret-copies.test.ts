// A secret written again on a line an excerpt shows, where no rule found it, is masked as the found
// one is (hostile pass 15, H15-1: `"note":"<the bearer token>"` beside the header was printed
// whole): first 4 characters kept when the secret is long, each line of a multi-line secret masked
// wherever it is copied, a 3-character value too, and each shown line searched once.
import { describe, expect, it } from 'vitest';
import { type MaskSpan, maskedLine } from '../../../../src/lib/security-check/finding.js';
import { LineIndex } from '../../../../src/lib/security-check/scan-text.js';
import { SecretCopies } from '../../../../src/lib/security-check/secret-copies.js';

const TOKEN = `Zq8v${'X3mN7pL2kR9tY4wB6cF1hJ5dS0gH'}`;

const spanOf = (text: string, secret: string, keep?: number): MaskSpan => {
  const start = text.indexOf(secret);
  return { start, end: start + secret.length, secret, ...(keep === undefined ? {} : { keep }) };
};

describe('copies of a secret on a shown line', () => {
  it('are masked like the found one, its first 4 characters kept', () => {
    const text = `{"Authorization":"Bearer ${TOKEN}","note":"${TOKEN}","other":"x${TOKEN}y"}`;
    const { text: shown } = maskedLine(new LineIndex(text), 1, 26, [spanOf(text, TOKEN)]);
    expect(shown).not.toContain(TOKEN.slice(4, 12));
    expect(shown.match(/Zq8v\*{28}/g)).toHaveLength(3);
    expect(shown).toContain('"x');
    expect(shown).toContain('*y"');
  });

  it('a short secret is masked whole wherever it is written again, a 3-character one too', () => {
    const text = 'a=pa55word b=pa55word c=zzq d=zzq e=q f=q';
    const q = { start: text.indexOf('e=q') + 2, end: text.indexOf('e=q') + 3, secret: 'q' };
    const spans = [spanOf(text, 'pa55word'), spanOf(text, 'zzq'), q];
    const { text: shown } = maskedLine(new LineIndex(text), 1, 1, spans);
    // A one-character value is everywhere; its length is all the report says of it.
    expect(shown).toBe('a=******** b=******** c=*** d=*** e=* f=q');
  });

  it('each line of a multi-line secret is masked where it is copied, whole', () => {
    const block = `-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----`;
    const text = `key: |\n${block}\nnote: MIIEvQIBADANBgkqhkiG9w0BAQEFAASC here\n`;
    const lines = new LineIndex(text);
    const { text: shown } = maskedLine(lines, 5, 7, [spanOf(text, block)]);
    expect(shown).toBe(`note: ${'*'.repeat(32)} here`);
  });

  it('searches each shown line once, and finds every copy on it in the order of their ends', () => {
    const text = Array.from({ length: 2000 }, (_, i) => `"t${i}":"${TOKEN}"`).join(',');
    const copies = new SecretCopies([TOKEN], [4]);
    const lines = new LineIndex(text);
    const found = copies.on(lines, 1);
    expect(found).toHaveLength(2000);
    expect(copies.on(lines, 1)).toBe(found);
    expect(found.map((c) => c.end)).toEqual([...found.map((c) => c.end)].sort((a, b) => a - b));
  });

  it('a file with no secret looks for none', () => {
    expect(new SecretCopies(['', 'ab'], [0, 0]).empty).toBe(true);
  });
});

// Hostile re-pass 15: a part of a found secret written again on its line (all of it but its first
// or last character, or the parts around an escape) was printed in clear.
describe('parts of a secret on a shown line', () => {
  const S = `Qz8v${'Lm2Rt9XwKp4Nb7Hs3Jd'}`;
  for (const [what, copy] of [
    ['all but the first character', S.slice(1)],
    ['all but the last character', S.slice(0, -1)],
    ['the part after a JSON escape', `Qz8vLm\\u0032${S.slice(7)}`],
  ] as const)
    it(`${what} is masked; the found one keeps its preview`, () => {
      const text = `API_TOKEN=${S} # was: ${copy}`;
      const { text: shown } = maskedLine(new LineIndex(text), 1, 11, [spanOf(text, S, 4)]);
      expect(shown.startsWith(`API_TOKEN=Qz8v${'*'.repeat(S.length - 4)} # was: `)).toBe(true);
      for (let i = 0; i + 8 <= S.length; i++) expect(shown.includes(S.slice(i, i + 8))).toBe(false);
    });

  it('text sharing fewer than 8 characters with it is left as it is', () => {
    const text = `API_TOKEN=${S} # Qz8vLm2 Rt9Xw`;
    const { text: shown } = maskedLine(new LineIndex(text), 1, 11, [spanOf(text, S, 4)]);
    expect(shown.endsWith('# Qz8vLm2 Rt9Xw')).toBe(true);
  });
});
