// A path's shown form is injective: two different byte strings never show the same, and the bytes
// come back from it (what a SARIF URI encodes). The rules read a form where a bad byte is no word
// character, so a token after it has its boundary, and its place in the shown form is known.
import { describe, expect, it } from 'vitest';
import { pathForms, shownBytes } from '../../../../src/lib/security-check/names.js';
import { showPath } from '../../../../src/lib/security-check/path-tokens.js';

/** A deterministic stream of bytes rich in backslashes, `x`, hex digits and bytes that are not UTF-8. */
function* byteStrings(n: number): Generator<Buffer> {
  const alphabet = [0x5c, 0x78, 0x66, 0x46, 0x30, 0x61, 0x2f, 0xff, 0xfe, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0x80];
  let seed = 7;
  for (let i = 0; i < n; i++) {
    const len = 1 + (i % 9);
    const out: number[] = [];
    for (let k = 0; k < len; k++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      out.push(alphabet[seed % alphabet.length] as number);
    }
    yield Buffer.from(out);
  }
}

describe('names: the shown form of a path', () => {
  it('a byte as \\xNN, a backslash as \\\\, and the text as it is', () => {
    expect(pathForms(Buffer.from([0x77, 0x66, 0xff, 0x2e, 0x79])).shown).toBe('wf\\xff.y');
    expect(pathForms(Buffer.from('wf\\xff.y')).shown).toBe('wf\\\\xff.y');
    expect(pathForms(Buffer.from('é/€')).shown).toBe('é/€');
  });

  it('is injective: 20,000 byte strings each come back from their shown form', () => {
    const seen = new Map<string, string>();
    for (const raw of byteStrings(20_000)) {
      const { shown } = pathForms(raw);
      expect(shownBytes(shown).equals(raw), shown).toBe(true);
      const hex = raw.toString('hex');
      expect(seen.get(shown) ?? hex, shown).toBe(hex);
      seen.set(shown, hex);
    }
  });

  it('a token after a bad byte is found and masked at its place in the shown form', () => {
    const t = `ghp_${'A1b2C3d4E5'.repeat(3)}xyZ9WV`;
    const raw = Buffer.concat([Buffer.from('d\\/'), Buffer.from([0xfe]), Buffer.from(`${t}.yaml`)]);
    const { path, tokens } = showPath(raw);
    expect(tokens.map((m) => m.secret)).toEqual([t]);
    expect(path).toBe(`d\\\\/\\xfeghp_${'*'.repeat(t.length - 4)}.yaml`);
  });
});
