// H14a-5: the `yaml` package's duplicate-key check compares each key with every key before it in its
// mapping; 40,000 keys (600 KB) took 38 s in `workflow create --file`. lib/yaml-document.ts finds
// the same duplicates with a Set per mapping, and the keys JSON cannot tell apart as well.

import { describe, expect, it } from 'vitest';
import { LineCounter } from 'yaml';
import { readWorkflowYaml, workflowYamlProblems } from '../../../src/lib/workflow-yaml.js';
import { parseYamlDocument } from '../../../src/lib/yaml-document.js';

const places = (text: string) => {
  const lineCounter = new LineCounter();
  const doc = parseYamlDocument(text, { lineCounter });
  return doc.errors.map((e) => {
    const at = lineCounter.linePos(e.pos[0]);
    return `${at.line}:${at.col} ${e.code}`;
  });
};

describe('duplicate keys (H14a-5)', () => {
  it.each([
    ['a block mapping', 'a: 1\nb: 2\na: 3\n', ['3:1 DUPLICATE_KEY']],
    ['a flow mapping', 'x: {a: 1, b: 2, a: 3}\n', ['1:17 DUPLICATE_KEY']],
    ['a nested one, in a sequence', 'n:\n  - id: a\n    k: 1\n    k: 2\n', ['4:5 DUPLICATE_KEY']],
    [
      'two keys that are one in JSON',
      '1: a\n"1": b\ntrue: c\n"true": d\n',
      ['2:1 DUPLICATE_KEY', '4:1 DUPLICATE_KEY'],
    ],
    ['keys of separate mappings', 'a: {k: 1}\nb: {k: 2}\n', []],
    ['a key and its value', 'k: k\n', []],
  ])('%s', (_what, text, expected) => {
    expect(places(text)).toEqual(expected);
  });

  it('the duplicate is placed among the parser’s own errors, by place', () => {
    expect(places('a: 1\na: 2\nb: "\\q"\n')).toEqual(['2:1 DUPLICATE_KEY', '3:5 BAD_DQ_ESCAPE']);
  });

  it('workflow create and security check refuse it at the second key', () => {
    expect(readWorkflowYaml('name: w\nnodes: []\nname: v\n').refusal).toEqual({
      syntax: { line: 3, column: 1, words: 'a key given twice in one mapping' },
    });
  });

  it('workflow create lists each duplicate once, in order', () => {
    expect(workflowYamlProblems('a: 1\nb: {c: 1, c: 2}\na: 3\n')).toEqual([
      { syntax: { line: 2, column: 11, words: 'a key given twice in one mapping' } },
      { syntax: { line: 3, column: 1, words: 'a key given twice in one mapping' } },
    ]);
  });

  // 1 MiB (the most a definition file may be) of 100,000 keys: a comparison of each key with those
  // before it is 5·10⁹ comparisons, minutes (40,000 keys took 15 s a parse); a Set per mapping is
  // some seconds on a loaded machine. So this fails, by its timeout, only if the check is quadratic.
  it('a mapping of 100,000 keys is read in linear time', { timeout: 60_000 }, () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `k${i}: 1\n`).join('');
    const text = `name: w\nnodes: []\n${keys}k7: 2\n`;
    expect(text.length).toBeLessThan(1024 * 1024);
    expect(places(text)).toEqual(['100003:1 DUPLICATE_KEY']);
    // The upload's reader does not compose it at all: 200,000 nodes are past the budget (YBIG).
    expect(readWorkflowYaml(text).refusal).toEqual({ tooLarge: 20_000 });
  });
});
