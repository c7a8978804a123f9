// `--env`'s references come from the decoded strings, as the server reads the definition: every
// scalar kind of YAML (plain over several lines, quoted, block, flow, a key), an escape placed at its
// scalar, comments and a `#` that only looks like one told apart; JSON's strings, keys too.
import { describe, expect, it } from 'vitest';
import { secretReferences } from '../../../../src/lib/security-check/references.js';
import { LineIndex } from '../../../../src/lib/security-check/scan-text.js';

const refs = (text: string, syntax: 'json' | 'yaml' = 'yaml') =>
  secretReferences(text, new LineIndex(text), syntax).map((r) => `${r.line}:${r.column} ${r.name}`);

describe('secretReferences (YAML)', () => {
  it('finds each scalar kind where the text shows it', () => {
    const text = [
      'a: x {{secrets.PLAIN}}',
      'b: "x {{secrets.DQ}} {{secrets.DQ2}}"',
      "c: 'y {{secrets.SQ}}'",
      'd: |',
      '  # {{secrets.BLOCK}}',
      'e: {f: "{{secrets.FLOW}}", "{{secrets.KEY}}": 1}',
      'g: x {{',
      '  secrets.FOLDED }}',
      '',
    ].join('\n');
    expect(refs(text)).toEqual([
      '1:6 PLAIN',
      '2:7 DQ',
      '2:22 DQ2',
      '3:7 SQ',
      '5:5 BLOCK',
      '6:9 FLOW',
      '6:29 KEY',
      '7:6 FOLDED',
    ]);
  });

  it('an escaped reference is decoded and placed at its scalar; a comment holds none', () => {
    const text = [
      '# {{secrets.COMMENT}}',
      'a: "{{secrets.\\x55NI}}" # {{secrets.TRAIL}}',
      'b: [x, "{{secrets.E\\',
      '  SC}}"]',
      '',
    ].join('\n');
    expect(refs(text)).toEqual(['2:4 UNI', '3:8 ESC']);
  });

  it('an anchored reference counts once where it is written', () => {
    expect(refs('a: &x "{{secrets.A}}"\nb: *x\n')).toEqual(['1:8 A']);
    expect(refs('a: b\n')).toEqual([]);
  });

  it('a flow mapping that only looks like a reference is no string, as the parser reads it', () => {
    expect(refs('a: {{secrets.MAP}}\n')).toEqual([]);
  });
});

describe('secretReferences (JSON)', () => {
  it('keys and values, an escape at its string', () => {
    const text = '{"{{secrets.K}}": ["{{secrets.V}}", "{{secrets.\\u0045SC}}"]}';
    expect(refs(text, 'json')).toEqual(['1:3 K', '1:21 V', '1:37 ESC']);
  });
});
