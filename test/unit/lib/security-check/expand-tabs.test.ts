// A finding's excerpt with its tabs expanded (finding.ts): spaces to the next multiple of 8, the
// caret still under the character it was under, whatever tabs come before it; and --list-rules'
// wrap (commands/security/list-rules.ts): no line past the width, no word lost.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wrap } from '../../../../src/commands/security/list-rules.js';
import { expandTabs } from '../../../../src/lib/security-check/finding.js';

describe('expandTabs', () => {
  it('expands to the next tab stop and moves the caret with the text', () => {
    expect(expandTabs('\t\t"k":\t"v"', 8)).toEqual({
      text: `${' '.repeat(16)}"k":${' '.repeat(4)}"v"`,
      caret: 25,
    });
    expect(expandTabs('abc', 2)).toEqual({ text: 'abc', caret: 2 });
    // A caret on a tab sits under the first of its spaces; one past the end stays past it.
    expect(expandTabs('a\tb', 2)).toEqual({ text: 'a       b', caret: 2 });
    expect(expandTabs('a\t', 3)).toEqual({ text: 'a       ', caret: 9 });
  });

  it('on random lines: no tab left, the character under the caret unchanged, stops at multiples of 8', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('\t', 'a', 'b', ' ', 'é'), { minLength: 1, maxLength: 40 }),
        fc.nat(),
        (chars, n) => {
          const text = chars.join('');
          const caret = (n % text.length) + 1;
          const out = expandTabs(text, caret);
          expect(out.text.includes('\t')).toBe(false);
          const was = text[caret - 1];
          expect(out.text[out.caret - 1]).toBe(was === '\t' ? ' ' : was);
          // Whatever follows a tab starts at a multiple of 8.
          if (was !== '\t' && text[caret - 2] === '\t') expect((out.caret - 1) % 8).toBe(0);
        },
      ),
    );
  });
});

describe('wrap', () => {
  it('keeps every word, in order, within the width (a longer word is cut)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z`{}.]{1,30}$/), { minLength: 1 }),
        fc.integer({ min: 5, max: 60 }),
        (words, width) => {
          const lines = wrap(words.join(' '), width);
          for (const l of lines) expect([...l].length).toBeLessThanOrEqual(width);
          expect(lines.join('').replaceAll(' ', '')).toBe(words.join(''));
        },
      ),
    );
  });
});
