import { describe, expect, it } from 'vitest';
import { escapeUnprintable } from '../../../src/lib/errors.js';
import { isValidKeyName } from '../../../src/lib/validate.js';

// Two names that look the same on screen must never be two names: every bidirectional control and
// every invisible format character is escaped where text is printed, and refused in a key name.
const INVISIBLE: Array<[string, string]> = [
  ['soft hyphen', '\u00ad'],
  ['Arabic letter mark (a bidi control)', '\u061c'],
  ['Mongolian vowel separator', '\u180e'],
  ['zero-width space', '\u200b'],
  ['zero-width non-joiner', '\u200c'],
  ['zero-width joiner', '\u200d'],
  ['left-to-right mark', '\u200e'],
  ['right-to-left override', '\u202e'],
  ['word joiner', '\u2060'],
  ['invisible separator', '\u2063'],
  ['first strong isolate', '\u2068'],
  ['byte order mark', '\ufeff'],
];

describe('invisible and bidirectional characters', () => {
  it.each(INVISIBLE)('%s: printed as its escape, refused in a key name', (_label, c) => {
    const hex = c.charCodeAt(0).toString(16).padStart(4, '0');
    expect(escapeUnprintable(`pro${c}duction`)).toBe(`pro\\u${hex}duction`);
    expect(isValidKeyName(`pro${c}duction`)).toBe(false);
  });

  it('visible text, accents and emoji without joiners stay as they are', () => {
    expect(escapeUnprintable('café – naïve ✓ 🚀 日本')).toBe('café – naïve ✓ 🚀 日本');
    expect(isValidKeyName('café ✓ 🚀')).toBe(true);
  });
});
