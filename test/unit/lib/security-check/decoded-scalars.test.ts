// The decoded keys and values of a YAML or JSON file: what an escape hides is found at its scalar,
// whether the strings come from the lexer (a double-quoted scalar with an escape, and its pair) or,
// for what the lexer cannot type (an explicit key, a tag, an anchor, a block scalar under an escaped
// key), from the composed document; a number or a null under an escaped key is no string.
import { describe, expect, it } from 'vitest';
import { PLANTS, seeded } from '../../../../bench/security-check-secrets.mjs';
import { decodedCredentials } from '../../../../src/lib/security-check/decoded-scalars.js';
import { findCredentials } from '../../../../src/lib/security-check/scan-text.js';

const rng = seeded(97);
const token = () => PLANTS['github-token']?.(rng).secret as string;
/** A random-looking value the generic rule reports under a credential key. */
const PASSWORD = 'Zq8wLk29XpR4vTn7Yc';

/** What the decode adds to the text scan: `rule text-at-its-range`. */
function decoded(text: string, syntax: 'json' | 'yaml'): string[] {
  return decodedCredentials(text, findCredentials(text), syntax).map(
    (m) => `${m.rule.id} ${text.slice(m.start, m.end)}`,
  );
}

describe('decoded scalars', () => {
  const t = token();
  const hidden = `"gh\\x70${t.slice(3)}"`;

  it.each([
    ['a value in a block map', `name: w\nt: ${hidden}\n`, [`github-token ${hidden}`]],
    ['a value in a flow map', `name: w\nx: { a: 1, t: ${hidden} }\n`, [`github-token ${hidden}`]],
    ['an item of a block sequence', `name: w\nx:\n  - ${hidden}\n`, [`github-token ${hidden}`]],
    ['an item of a flow sequence', `name: w\nx: [1, ${hidden}]\n`, [`github-token ${hidden}`]],
    [
      'a token broken by an escaped line end',
      `name: w\nt: "${t.slice(0, 18)}\\\n  ${t.slice(18)}"\n`,
      [`github-token "${t.slice(0, 18)}\\\n  ${t.slice(18)}"`],
    ],
    [
      'a plain value under an escaped credential key',
      `name: w\n"api\\u005fs\\u0065cret": ${PASSWORD}\n`,
      [`generic-credential-entropy ${PASSWORD}`],
    ],
    [
      'a single-quoted value under an escaped key, in a flow map',
      `name: w\nx: {"pass\\x77ord": '${PASSWORD}'}\n`,
      [`generic-credential-entropy '${PASSWORD}'`],
    ],
    ['a number under an escaped key', `name: w\n"api\\u005fsecret": 8273645190283746\n`, []],
    ['a backslash outside double quotes', `name: w\nx: a\\b # c:\\d\ny: '${t.slice(0, 4)}\\x'\n`, []],
    [
      'an explicit key (the composed document)',
      `name: w\n? password\n: ${PASSWORD}\nt: ${hidden}\n`,
      [`generic-credential-entropy ${PASSWORD}`, `github-token ${hidden}`],
    ],
    ['a tag (the composed document)', `name: w\nt: !!str ${hidden}\n`, [`github-token ${hidden}`]],
    [
      'an anchor and an alias (the composed document)',
      `name: w\nt: &a ${hidden}\nu: *a\n`,
      [`github-token ${hidden}`],
    ],
    [
      'a block scalar under an escaped key (the composed document)',
      `name: w\n"api\\u005fsecret": |\n  ${PASSWORD}\n`,
      [`generic-credential-entropy |\n  ${PASSWORD}\n`],
    ],
  ])('YAML: %s', (_, text, expected) => {
    expect(decoded(text, 'yaml')).toEqual(expected);
  });

  it('YAML: a secret the text scan found is not reported again', () => {
    expect(decoded(`name: w\na: ${t}\nb: "\\x41"\nc: "${t}"\n`, 'yaml')).toEqual([]);
  });

  it('JSON: keys and values, in objects and arrays, each string at its range', () => {
    const json = `{"name":"w","a":[1,"gh\\u0070${t.slice(3)}"],"api\\u005fs\\u0065cret":"${PASSWORD}","n":{"pass\\u0077ord":null}}`;
    expect(decoded(json, 'json')).toEqual([
      `github-token "gh\\u0070${t.slice(3)}"`,
      `generic-credential-entropy "${PASSWORD}"`,
    ]);
  });
});
