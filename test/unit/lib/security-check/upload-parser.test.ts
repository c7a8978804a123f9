import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  fastPathReads,
  ParseError,
  parseYaml,
  yamlStructure,
} from '../../../../src/lib/security-check/parse.js';
import { readWorkflowYaml } from '../../../../src/lib/workflow-yaml.js';

// The scanner's fast parser (js-yaml) and the upload's reader (lib/workflow-yaml.ts) never disagree
// on a value: a plain scalar js-yaml reads is typed as the upload types it, and any explicit tag is
// left to the upload's reader (js-yaml refuses it).
const SCALARS = [
  '2024-01-01',
  '2001-12-14t21:59:43.10-05:00',
  '1_000',
  '0b101',
  '-0x10',
  '0x1F',
  '0o17',
  '012',
  '+12',
  '-0',
  '.5',
  '1.',
  '1e3',
  '1E-3',
  '.inf',
  '-.Inf',
  '+.INF',
  '.NaN',
  '.nan',
  '~',
  'null',
  'Null',
  'NULL',
  'nULL',
  '',
  'true',
  'True',
  'TRUE',
  'tRUE',
  'yes',
  'no',
  'on',
  'off',
  'y',
  'n',
  '<<',
  '=',
  '1:20',
  '190:20:30.15',
  '12e',
  '0x',
  '1,000',
  '9007199254740993',
  "'1'",
  '"2024-01-01"',
  '! 12',
  '!!str 12',
];
const TAGGED = [
  '!!int 12',
  '!!float 1',
  '!!bool true',
  '!!null ~',
  '!!timestamp 2024-01-01',
  '!!binary aGk=',
  '!foo x',
];

const upload = (text: string) => readWorkflowYaml(text).composed?.value;

describe('js-yaml types a plain scalar as the upload does', () => {
  it.each(SCALARS)('v: %s', (s) => {
    const text = `v: ${s}\nw: [${s || '~'}]\n`;
    expect(parseYaml(text)).toEqual(upload(text));
  });

  it.each(TAGGED)('an explicit tag (%s) is left to the upload', (s) => {
    const text = `nodes: []\nv: ${s}\n`;
    expect(() => parseYaml(text)).toThrow(ParseError);
    // Read as the upload composes it; a tag the upload warns about is a file that does not parse.
    const read = readWorkflowYaml(text);
    if (read.composed) expect(yamlStructure(text, true)?.doc).toEqual(read.composed.value);
    else expect(() => yamlStructure(text, true)).toThrow(ParseError);
  });

  it('a tag the upload cannot resolve (a password taken for a tag) is a file that does not parse', () => {
    expect(readWorkflowYaml('nodes: []\nv: !Tr0ub4dor\n').refusal).toHaveProperty('syntax');
    expect(() => yamlStructure('nodes: []\nv: !Tr0ub4dor\n', true)).toThrow(/unknown tag/);
  });

  it('`<<` is a plain key, as YAML 1.2 reads it; under %YAML 1.1 it merges, as the upload merges it', () => {
    const text = 'a: &a {nodes: []}\n<<: *a\n';
    expect(yamlStructure(text, true)).toBeUndefined();
    expect(yamlStructure(`%YAML 1.1\n---\n${text}`, true)?.doc).toEqual({ a: { nodes: [] }, nodes: [] });
  });
});

// Texts made of YAML's awkward pieces (line breaks of every kind, BOMs, keys of every kind, tags,
// anchors, escapes): whenever the fast path is allowed and js-yaml reads the text, its value is the
// upload's. This is how the fast path's exclusions (a lone CR, a BOM past the start, keys that are
// no string) were found.
const PIECES = [
  ...['\r', '\r\n', '\n', '\u2028', '\u0085', '\t', '  ', '    ', '  - ', '- ', '---\n', '...\n'],
  ...['1.0: ', '0x1: ', 'true: ', '~: ', 'null: ', '.inf: ', '012: ', '"k": ', "'k': ", '!!str 1: '],
  ...['&a k: ', '*a : ', '[a]: ', '{a: 1}: ', '? ', ': ', ': x', 'k:', 'k: v', '- x', ':', '-', '%'],
  ...['nodes', '"no\\u0064es"', "'x'", '1', '0x1', '-1.5e3', '~', '', 'true', 'null', '.inf', '.5'],
  ...['[', ']', '{', '}', ', ', '#c', '|\n', '>-\n', '"a\\tb"', "'it''s'", '__proto__', '<<', '1:2'],
  ...['&a ', '*a', '&b ', '*b', '!!str ', '!', '!!binary ', '!<tag:yaml.org,2002:str> ', '%TAG ! tag:x\n'],
  ...['!!str\n', '!!str #c\n', '!!int\n', '|+\n', '|2\n', '>+\n', '|-2\n', '\n\n', '\n  \n'],
  ...['"\\x41"', '"\\N"', '"\\_"', '"\\L"', '"\\P"', '"\\\n  x"', '"', "'", '\ufeff', '@', '`', '='],
];

describe('the fast path and the upload read alike', () => {
  it('a tag alone on its line, a kept or indented block scalar: left to the upload, whose value stands', () => {
    for (const [text, value] of [
      ['nodes: []\npin: !!str\n  0x1F\n', { nodes: [], pin: '0x1F' }],
      ['nodes: []\nk: !!str\n\n    1e3\n', { nodes: [], k: '1e3' }],
      ['nodes: []\npin: !!str # why\n  0x1F\n', { nodes: [], pin: '0x1F' }],
      ['nodes: []\nt: |+\n  a\n\n\nu: 1\n', { nodes: [], t: 'a\n\n\n', u: 1 }],
      ['nodes: []\nt: |2\n   a\n\n  \n   b\n', { nodes: [], t: ' a\n\n\n b\n' }],
    ] as const) {
      expect(fastPathReads(text), JSON.stringify(text)).toBe(false);
      expect(yamlStructure(text, true)?.doc, JSON.stringify(text)).toEqual(value);
      expect(readWorkflowYaml(text).composed?.value, JSON.stringify(text)).toEqual(value);
    }
    // A tag with its value on the same line, and the usual block scalars, stay on the fast path.
    for (const text of ['nodes: []\npin: !!str 0x1F\n', 'nodes: []\nt: |\n  a\nu: >-\n  b\n'])
      expect(fastPathReads(text), JSON.stringify(text)).toBe(true);
  });

  it('40,000 texts of awkward pieces: no value differs', () => {
    let seed = 11;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const differ: string[] = [];
    let compared = 0;
    for (let i = 0; i < 40_000; i++) {
      const text = Array.from({ length: 2 + next(10) }, () => PIECES[next(PIECES.length)]).join('');
      if (!fastPathReads(text)) continue;
      let fast: unknown;
      try {
        fast = parseYaml(text);
      } catch {
        continue;
      }
      const composed = readWorkflowYaml(text).composed;
      if (composed === undefined) continue;
      compared++;
      const plain = (v: unknown) => JSON.parse(JSON.stringify(v ?? null));
      if (!isDeepStrictEqual(plain(fast), plain(composed.value))) differ.push(JSON.stringify(text));
    }
    expect(compared).toBeGreaterThan(3000);
    expect(differ.slice(0, 5)).toEqual([]);
  });
});
