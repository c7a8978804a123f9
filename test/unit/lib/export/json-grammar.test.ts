import { describe, expect, it } from 'vitest';
import { skipObject } from '../../../../src/lib/export/json-grammar.js';

/** What JSON.parse says about `text` as one object, against what skipObject says. */
const parses = (text: string) => {
  try {
    const v = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
};
const skips = (text: string) => skipObject(Buffer.from(text), 0) === Buffer.byteLength(text);

describe('skipObject: an object JSON.parse accepts, and nothing else', () => {
  it.each([
    '{}',
    '{"a":1}',
    '{ "a" : [ 1 , 2 ] }',
    '{"a":{"b":[{"c":-0.5E+2,"d":0,"e":1e9,"f":-0}]}}',
    '{"s":"\\u00e9\\n\\t\\"\\\\\\/\\b\\f\\r","t":true,"f":false,"n":null}',
    '{"a":[]}',
    '{"a":[[],{}]}',
    '{"é":"ü"}',
    '{"id" "x"}',
    '{"n":,}',
    '{"a":1,}',
    '{"a":[1,]}',
    '{,"a":1}',
    '{"a":"\\x"}',
    '{"a":"\\u12g4"}',
    '{"a":01}',
    '{"a":1.}',
    '{"a":.5}',
    '{"a":1e}',
    '{"a":-}',
    '{"a":tru}',
    '{"a":nul}',
    '{"a":1 2}',
    '{"a":"\u0001"}',
    '{"a":1]',
    '{"a":[1}',
    '{"a" 1}',
    '{"a"::1}',
    '{1:2}',
    "{'a':1}",
    '{"a":NaN}',
    '{"a":"unterminated}',
  ])('%s', (text) => {
    expect(skips(text)).toBe(parses(text));
  });

  it('ends at the object: what follows is the caller’s', () => {
    expect(skipObject(Buffer.from('{"a":[1,{"b":"}"}]},{"c":2}'), 0)).toBe(19);
    expect(skipObject(Buffer.from('{"a":1'), 0)).toBe(-1);
  });
});
