import { describe, expect, it } from 'vitest';
import { hasValueBelow, valuesBelow } from '../../../../src/lib/security-check/values-below.js';

// What valuesBelow() gives the rules: each credential-named key's string value that the text scan
// cannot pair with it on the key's line, decoded as the composer decodes it, at its place in the text.
const pairs = (text: string) => {
  const out: Array<[string, string, string]> = [];
  valuesBelow(text, (name, value, start, end) => out.push([name, value, text.slice(start, end)]));
  return out;
};

describe('valuesBelow', () => {
  it('keys nested one deeper per line: no value, nothing given (each line is lexed once)', () => {
    const lines = ['nodes: []', ...Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}password:`)];
    expect(pairs(`${lines.join('\n')}\n`)).toEqual([]);
  });

  it.each([
    ['a block scalar', 'nodes: []\nk: |\n  password:\n    [[[[\n  api_key: >-\n    x\n'],
    ['a quoted string', 'nodes: []\nk: "a\n  password:\n    b"\n'],
    ['a comment', 'nodes: []\n# password:\n#   x\n'],
  ])('a key-shaped line inside %s is text, never a key', (_label, text) => {
    expect(pairs(text)).toEqual([]);
    expect(hasValueBelow(text, 'yaml')).toBe(false);
  });

  it('side by side keys: one value each, a comment between them changes nothing', () => {
    const text = 'a_token:\n  x1\nb_token:\n  x2\n# c\nc_token: |\n  x3\n';
    expect(pairs(text)).toEqual([
      ['a_token', 'x1', 'x1'],
      ['b_token', 'x2', 'x2'],
      ['c_token', 'x3\n', '|\n  x3'],
    ]);
  });

  it('a value on the key line is the text scan’s; an anchor or tag on it, or a fold, is not', () => {
    expect(pairs('password: V\n')).toEqual([]);
    expect(pairs('password: &a V\n')).toEqual([['password', 'V', 'V']]);
    expect(pairs('password: !!str 1234\n')).toEqual([['password', '1234', '1234']]);
    expect(pairs('password: !!int 1234\npassword2: 1234\n')).toEqual([]);
    expect(pairs('password: "V\n  W"\n')).toEqual([['password', 'V W', '"V\n  W"']]);
  });

  it('an anchor or tag on the key is the key’s (`&p api_token:`, `!!str db_password: |`)', () => {
    expect(pairs('&p api_token:\n  V\n')).toEqual([['api_token', 'V', 'V']]);
    expect(pairs('!!str db_password: |\n  V\n')).toEqual([['db_password', 'V\n', '|\n  V']]);
  });

  it('a block scalar’s explicit indentation counts from its key, after a `- `', () => {
    expect(pairs('- password: |2\n    x\n')).toEqual([['password', 'x\n', '|2\n    x']]);
  });

  it('an alias is the anchored scalar, wherever it is; an alias to a collection or a key’s mapping is none', () => {
    expect(pairs('x: &p V\ndb_password: *p\n')).toEqual([['db_password', 'V', '*p']]);
    expect(pairs('x: &p |\n  V\ndb_password: *p\n')).toEqual([['db_password', 'V\n', '*p']]);
    expect(pairs('x: &p [V]\ndb_password: *p\n')).toEqual([]);
    expect(pairs('&p\nkey: V\ndb_password: *p\n')).toEqual([]);
    expect(pairs('&p key: V\ndb_password: *p\n')).toEqual([['db_password', 'key', '*p']]);
    expect(pairs('x: &p V\n---\ndb_password: *p\n')).toEqual([]);
  });

  it('an alias as a key is the anchored scalar’s name, and its value is never the text scan’s', () => {
    expect(pairs('x: &k password\n*k : V\n')).toEqual([['password', 'V', 'V']]);
    expect(pairs('x: &k password\n*k :\n  V\n')).toEqual([['password', 'V', 'V']]);
    expect(pairs('{x: &k "password", *k : "V"}\n')).toEqual([['password', 'V', '"V"']]);
    expect(pairs('- x: &k db_password\n  y:\n    *k : |\n      V\n')).toEqual([
      ['db_password', 'V\n', '|\n      V'],
    ]);
    expect(pairs('x: &k !!int 7\n*k : V\nb: &m [password]\n*m : V\n')).toEqual([]);
  });

  it('a tag above a block collection is the collection’s: its first key keeps its name', () => {
    for (const text of [
      'k: !!map\n  db_password:\n    V\n',
      '--- !!map\ndb_password:\n  V\n',
      '- !!map\n  db_password:\n    V\n',
      'k: !!map # c\n  db_password:\n    V\n',
      'k: &a !!map\n  db_password:\n    V\n',
      'k: !!map &a\n  db_password:\n    V\n',
      'k: !<tag:yaml.org,2002:map>\n  db_password:\n    V\n',
    ])
      expect(pairs(text), text).toEqual([['db_password', 'V', 'V']]);
    // A tag above a scalar value is still the value’s own.
    expect(pairs('db_password: !!str\n  V\n')).toEqual([['db_password', 'V', 'V']]);
    expect(pairs('db_password: !!int\n  7\n')).toEqual([]);
  });

  it('a value on its key’s line is given only when the text scan found a secret in it', () => {
    const text = 'api_key: "G P"\ndb_password: Q\n';
    const out: string[] = [];
    valuesBelow(
      text,
      (name, value) => out.push(`${name}=${value}`),
      (start) => start === 9,
    );
    expect(out).toEqual(['api_key=G P']);
  });

  it('a collection value gives nothing: its own keys are keys of their own', () => {
    expect(pairs('password:\n  [a, b]\npassword2: !!seq\n  [a]\npassword3:\n  - a\n')).toEqual([]);
    expect(pairs('password:\n  user: u\n  api_key:\n    V\n')).toEqual([['api_key', 'V', 'V']]);
  });
});

describe('hasValueBelow: the line search before the lexer is never narrower than it', () => {
  it.each([
    ['a value below', 'password:\n  V\n'],
    ['a value below, CRLF', 'password:\r\n  V\r\n'],
    ['a comment after the colon', 'password: # the value\n  V\n'],
    ['a plain value continued', 'password: Xk9m\n  Q2vL\n'],
    ['a plain value continued after a blank line', 'password: Xk9m\n\n  Q2vL\n'],
    ['a `- ` entry continued', '- password: Xk9m\n   Q2vL\n'],
    ['a flow value continued at the key’s indent', 'c: {x: 1,\n  password: Xk9m\n  Q2vL}\n'],
    ['the same after a quoted `}`', 'c: {x: "}",\n  password: Xk9m\n  Q2vL}\n'],
    ['the same after a comment line', 'c: {x: 1, # c\n  # more\n  password: Xk9m\n  Q2vL}\n'],
    ['a single-quoted fold', "password: 'Xk9m\n  Q2vL'\n"],
    ['a double-quoted fold after a quoted key', '"password": "Xk9m\n  Q2vL"\n'],
    ['a lone CR as the line break', 'password:\r  V\r'],
    ['an alias key to a scalar below its anchor', 'x: &k\n  db_password\n*k : V\n'],
    ['an alias key to a block scalar', 'x: &k |\n  a\n  db_password\n*k : V\n'],
  ])('%s', (_label, text) => {
    expect(hasValueBelow(text, 'yaml')).toBe(true);
    expect(pairs(text).length).toBe(1);
  });

  it('a value on its line, a reference, a collection: no lexer pass needed, none found', () => {
    for (const text of [
      'api_key: "{{secrets.OPENAI_API_KEY}}"\nmax_tokens: 5\n',
      'password: V\nother: 1\n',
      'password:\n  [a, b]\n',
    ])
      expect(hasValueBelow(text, 'yaml')).toBe(false);
  });
});
