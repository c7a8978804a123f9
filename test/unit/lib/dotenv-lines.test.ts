// scanDotenv: where each entry of a dotenv file starts, and every line that is not one, by number.
import { parse } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { scanDotenv } from '../../../src/lib/dotenv-lines.js';

describe('scanDotenv', () => {
  it('finds the entries dotenv reads, with the line each starts on', () => {
    const text = [
      '# a comment',
      'A=1',
      '',
      'export B = two words # trailing comment',
      "C='single'",
      'D="multi',
      'line \\" still inside',
      'end"',
      'E=`back`  # ok',
      'F=',
      'G.H=dotted',
    ].join('\r\n');
    const { entries, problems } = scanDotenv(text);
    expect(problems).toEqual([]);
    expect(entries).toEqual([
      { name: 'A', line: 2 },
      { name: 'B', line: 4 },
      { name: 'C', line: 5 },
      { name: 'D', line: 6, through: 8 },
      { name: 'E', line: 9 },
      { name: 'F', line: 10 },
      { name: 'G.H', line: 11 },
    ]);
    // The same names as the parser whose values are used.
    expect(entries.map((e) => e.name)).toEqual(Object.keys(parse(text)));
  });

  it.each([
    ['garbage', 1, 'not NAME=value (nor a comment or a blank line)'],
    ['A=1\nKEY: value', 2, 'not NAME=value (nor a comment or a blank line)'],
    ['=value', 1, 'not NAME=value (nor a comment or a blank line)'],
    ['A=1\nA=2', 2, 'A is already set on line 1'],
    ['A="x" y', 1, "text after the closing quote of A's value"],
    ['A="x\ny" z', 2, "text after the closing quote of A's value"],
    ['A=1\nB="never closed\nC=3', 2, 'the quoted value of B is never closed'],
  ])('%j: line %i, %s', (text, line, problem) => {
    expect(scanDotenv(text).problems).toEqual([{ line, problem }]);
  });
});
