import { describe, expect, it } from 'vitest';
import { ParseError, parseYaml, yamlStructure } from '../../../../src/lib/security-check/parse.js';
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
