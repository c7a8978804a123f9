// The decoded keys and values of a YAML or JSON file: what an escape hides is found at its scalar,
// whether the strings come from the lexer (a double-quoted scalar with an escape, and its pair) or,
// for what the lexer cannot type (an explicit key, a tag, an anchor, a block scalar under an escaped
// key), from the composed document; a number or a null under an escaped key is no string.
import { describe, expect, it } from 'vitest';
import { PLANTS, seeded } from '../../../../bench/security-check-secrets.mjs';
import { decodedCredentials } from '../../../../src/lib/security-check/decoded-scalars.js';
import { findCredentials } from '../../../../src/lib/security-check/scan-text.js';
import { uncovered } from '../../../../src/lib/security-check/uncovered.js';

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
      `name: w\nx: {"p\\x61ssword": '${PASSWORD}'}\n`,
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
      'an anchor and an alias, each a place of its own (the composed document)',
      `name: w\nt: &a ${hidden}\nu: *a\n`,
      [`github-token ${hidden}`, 'github-token *a'],
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

  it('a secret the text scan found elsewhere is reported here too: an ignore covers one line', () => {
    const text = `name: w\na: ${t}\nc: "\\u0067${t.slice(1)}"\nd:\n  api_secret:\n    ${PASSWORD}\ne_secret: ${PASSWORD}\n`;
    expect(decoded(text, 'yaml')).toEqual([
      `github-token "\\u0067${t.slice(1)}"`,
      `generic-credential-entropy ${PASSWORD}`,
    ]);
  });

  it('each alias to a scalar under a name read alike is a finding at that alias (the scalar is read once)', () => {
    const text = `name: w\nx: &a ${PASSWORD}\nexample_password: *a\ndb_password: *a\n`;
    const found = decodedCredentials(text, findCredentials(text), 'yaml');
    expect(found.map((m) => `${m.rule.id} ${text.slice(m.start, m.end)} ${m.start}`)).toEqual([
      `generic-credential-entropy *a ${text.indexOf('*a')}`,
      `generic-credential-entropy *a ${text.lastIndexOf('*a')}`,
    ]);
  });

  it.each([
    ['a double-quoted one-line value', `name: w\napi_key: "${t} ${PASSWORD}"\n`, `"${t} ${PASSWORD}"`],
    ['a plain one-line value', `name: w\napi_key: ${t} ${PASSWORD}\n`, `${t} ${PASSWORD}`],
    ['a value in a flow map', `name: w\nx: {api_key: '${t} ${PASSWORD}'}\n`, `'${t} ${PASSWORD}'`],
    [
      'a block value, beside a comma',
      `name: w\ndb_password: |\n  ${PASSWORD},${t}\n`,
      `|\n  ${PASSWORD},${t}`,
    ],
    [
      'a block value, after `@db `',
      `name: w\ndb_password: |\n  x://u:${t}@db ${PASSWORD}\n`,
      `|\n  x://u:${t}@db ${PASSWORD}`,
    ],
    ['a value beside `;` and `=`', `name: w\napi_key: "${t};pw=${PASSWORD}"\n`, `"${t};pw=${PASSWORD}"`],
  ])('YAML: the rest of %s beside a found token is judged', (_, text, at) => {
    expect(decoded(text, 'yaml')).toEqual([`generic-credential-entropy ${at}`]);
  });

  it('YAML: a value beside a found token under a name that is no credential’s is the text scan’s alone', () => {
    expect(decoded(`name: w\nregion: "${t} ${PASSWORD}"\n`, 'yaml')).toEqual([]);
  });

  it('JSON: the rest of a one-line value beside a found token is judged', () => {
    const json = `{"nodes": [], "api_key": "${t} ${PASSWORD}", "other": "x"}`;
    expect(decoded(json, 'json')).toEqual([`generic-credential-entropy "${t} ${PASSWORD}"`]);
  });

  it('JSON: keys and values, in objects and arrays, each string at its range', () => {
    const json = `{"name":"w","a":[1,"gh\\u0070${t.slice(3)}"],"api\\u005fs\\u0065cret":"${PASSWORD}","n":{"pass\\u0077ord":null}}`;
    expect(decoded(json, 'json')).toEqual([
      `github-token "gh\\u0070${t.slice(3)}"`,
      `generic-credential-entropy "${PASSWORD}"`,
    ]);
  });
});

describe('uncovered', () => {
  it.each([
    ['a line with no found secret, kept whole', 'a b\nc', [], ['a b', 'c']],
    ['a token alone on its line', 'T\nP', ['T'], ['P']],
    [
      'beside a blank, a comma, `;`, `@`, `=`',
      'P T\nP,T;Q\nu:T@db Q\nk=T=P',
      ['T', 'T', 'T', 'T'],
      ['P', 'P', 'Q', 'u:', 'db', 'Q', 'k', 'P'],
    ],
    ['a secret over several lines, found line by line', 'K1\nK2\nP K3', ['  K1\n  K2\n  K3'], ['P']],
    ['the same token twice, each occurrence its own', 'T P T\nT', ['T', 'T', 'T'], ['P']],
    ['a secret the value does not hold as written', 'P a\\b', ['a\\b'], ['P a\\b']],
  ])('%s', (_, value, secrets, expected) => {
    expect(uncovered(value, secrets)).toEqual(expected);
  });

  it('one sweep: each token found after the last, so a line is matched to its own token', () => {
    const tokens = Array.from({ length: 2000 }, (_, i) => `T${String(i).padStart(6, '0')}`);
    const value = tokens.map((tok, i) => (i % 2 === 0 ? tok : `${tok} P${i}`)).join('\n');
    const expected = tokens.flatMap((_, i) => (i % 2 === 0 ? [] : [`P${i}`]));
    expect(uncovered(value, tokens)).toEqual(expected);
  });
});
