import { describe, expect, it } from 'vitest';
import { entriesBelow } from '../../../../src/lib/security-check/values-below.js';

// What is composed for the keys whose value is below them: each line at most once, however the
// keys nest; the whole document when an entry cannot be composed alone.
const total = (entries: ReturnType<typeof entriesBelow>) =>
  entries === 'document' ? Number.NaN : entries.reduce((n, [a, b]) => n + b - a, 0);

describe('entriesBelow', () => {
  it('keys nested one deeper per line: one entry, not one per key (was cubic in the file)', () => {
    const lines = ['nodes: []', ...Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}password:`)];
    const text = `${lines.join('\n')}\n`;
    const entries = entriesBelow(text);
    expect(entries).toHaveLength(1);
    expect(total(entries)).toBeLessThanOrEqual(text.length);
  });

  it.each([
    ['a block scalar', 'nodes: []\nk: |\n  password:\n    [[[[\n  api_key: >-\n    x\n'],
    ['a quoted string', 'nodes: []\nk: "a\n  password:\n    b"\n'],
    ['a comment', 'nodes: []\n# password:\n#   x\n'],
  ])('a key-shaped line inside %s is text, never composed', (_label, text) => {
    expect(entriesBelow(text)).toEqual([]);
  });

  it('side by side keys: one entry each, none overlapping (a comment stays with the entry above)', () => {
    const text = 'a_token:\n  x1\nb_token:\n  x2\n# c\nc_token: |\n  x3\n';
    expect(entriesBelow(text)).toEqual([
      [0, 13],
      [14, 31],
      [32, 48],
    ]);
  });

  it("an indented key's entry ends at its next sibling, not at the end of its parent", () => {
    const text = 'a:\n  password:\n    V\n  other: 1\n  more: 2\n';
    expect(entriesBelow(text)).toEqual([[3, 20]]);
    expect(text.slice(3, 20)).toBe('  password:\n    V');
  });

  it('a comment at column 0 inside the entry does not end it', () => {
    const text = 'password:\n# the value\n  V\nnext: 1\n';
    expect(entriesBelow(text)).toEqual([[0, 25]]);
  });

  it('a key in a flow mapping: the entry of the line the mapping opens on, not the whole document', () => {
    const text = 'a: 1\nx: {password:\n    V}\nb: 2\n';
    expect(entriesBelow(text)).toEqual([[5, 25]]);
    expect(text.slice(5, 25)).toBe('x: {password:\n    V}');
  });

  it('an anchor or tag on the key is the key (`&p api_token:`, `!!str db_password: |`)', () => {
    expect(entriesBelow('&p api_token:\n  V\n')).toEqual([[0, 18]]);
    expect(entriesBelow('!!str db_password: |\n  V\n')).toEqual([[0, 25]]);
  });

  it('the whole document when the entry holds an alias', () => {
    expect(entriesBelow('v: &x V\npassword:\n  *x\n')).toBe('document');
  });
});
