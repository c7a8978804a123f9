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

describe('skipObject: nesting and damaged events', () => {
  const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

  it('takes 64 levels of nesting and refuses a 65th (the parsing path takes that page)', () => {
    expect(skips(nested(64))).toBe(true);
    expect(skips(nested(65))).toBe(false);
    expect(skips(`{"a":${'['.repeat(63)}${']'.repeat(63)}}`)).toBe(true);
    expect(skips(`{"a":${'['.repeat(64)}${']'.repeat(64)}}`)).toBe(false);
  });

  it('never takes an event JSON.parse refuses: a real event with bytes changed at random', () => {
    const event = Buffer.from(
      '{"id":"evt_1","timestamp":"2026-11-01T20:26:57.594Z","duration_ms":-42.5e+1,"workflow_id":null,' +
        '"metadata":{"ok":true,"no":false,"s":"\\u00e9\\n\\"","list":["a",[],{}]}}',
    );
    const alphabet = '{}[]",:\\ \t0123456789.eE+-tfnrul\u0001\u001f';
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    let accepted = 0;
    for (let k = 0; k < 20000; k++) {
      const text = Buffer.from(event);
      for (let m = 1 + random(3); m > 0; m--)
        text[random(text.length)] = alphabet.charCodeAt(random(alphabet.length));
      const end = skipObject(text, 0);
      if (end === -1) continue;
      accepted++;
      expect(parses(text.toString('utf8', 0, end)), text.toString()).toBe(true);
    }
    // Some changes keep it JSON (a digit for a digit): the check is not refusing everything.
    expect(accepted).toBeGreaterThan(1000);
  });
});
