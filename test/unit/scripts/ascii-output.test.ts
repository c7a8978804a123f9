// The bundle is written as ASCII only (scripts/ascii-output.mjs): the escaped code means what the
// original meant, and the source map still points each mapping at the same token.
import { runInNewContext } from 'node:vm';
import { decode, encode } from '@jridgewell/sourcemap-codec';
import { describe, expect, it } from 'vitest';
import { escapeNonAscii, shiftMappings } from '../../../scripts/ascii-output.mjs';

// What esbuild leaves unescaped: a tagged template's text and a regular expression literal.
const CODE = [
  'const t = (s, ...v) => s.map((x, i) => x + (i < v.length ? v[i] : "")).join("");',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: JavaScript source text, evaluated below
  'const out = [t`✓ ${1} → ${2}`, / — (.*)/s.exec("a — b")[1], /^(–|😀)$/u.test("😀"), "é😀"];',
  'out;',
].join('\n');

describe('escapeNonAscii', () => {
  it('leaves ASCII only, and the code evaluates to the same values', () => {
    const { text } = escapeNonAscii(CODE);
    expect([...text].every((c) => c.charCodeAt(0) < 0x80)).toBe(true);
    expect(runInNewContext(text)).toEqual(runInNewContext(CODE));
    expect(runInNewContext(text)).toEqual(['✓ 1 → 2', 'b', true, 'é😀']);
  });

  it('moves each mapping after an escape by what was added before it on its line', () => {
    const { text, shifts } = escapeNonAscii(CODE);
    // One segment at the start of every token that begins with a letter, as a bundler would write.
    const lines = CODE.split('\n').map((line) =>
      [...line.matchAll(/[A-Za-z_]\w*/g)].map(
        (m) => [m.index ?? 0, 0, 0, m.index ?? 0] as [number, number, number, number],
      ),
    );
    const moved = decode(shiftMappings(encode(lines), shifts));
    const escaped = text.split('\n');
    CODE.split('\n').forEach((line, l) => {
      const tokens = (lines[l] ?? []).map(([c]) => /^\w+/.exec(line.slice(c))?.[0]);
      const at = (moved[l] ?? []).map(([c]) => /^\w+/.exec(escaped[l]?.slice(c) ?? '')?.[0]);
      expect(at).toEqual(tokens);
    });
  });
});
