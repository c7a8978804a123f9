// The JSON error locator: a position and fixed words for every text JSON.parse refuses (V8's
// messages carry no position for some errors on Node 20, and quote the input), none for valid JSON.
import { describe, expect, it } from 'vitest';
import { locateJsonError } from '../../../../src/lib/security-check/json-error.js';

describe('locateJsonError', () => {
  it.each([
    ['{"nodes":[\n{"t":"x"}\n,]}', 22, 'unexpected character; a value was expected'],
    ['{"a": 1,}', 8, 'unexpected character; a property name in double quotes was expected'],
    ['{"a" 1}', 5, 'unexpected character; ":" was expected'],
    ['[1 2]', 3, 'unexpected character; "," or "]" was expected'],
    ['{"a": "b\\x"}', 8, 'a bad escape sequence in a string'],
    ['{"a": "b\tc"}', 8, 'a control character in a string (escape it)'],
    ['{"a": "b', 8, 'unexpected end of the file within a string'],
    ['{"a": tru}', 6, 'unexpected character; a value was expected'],
    ['{} {}', 3, 'unexpected character; the document has ended'],
    ['', 0, 'unexpected end of the file'],
    ['[01]', 2, 'unexpected character; "," or "]" was expected'],
  ])('%j: offset %i, %s', (text, offset, words) => {
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(locateJsonError(text)).toEqual({ offset, words });
  });

  it.each(['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "\\u00e9\\n"]} ', '"x"', '0'])(
    '%j is valid: nothing located',
    (text) => {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(locateJsonError(text)).toBeUndefined();
    },
  );
});
