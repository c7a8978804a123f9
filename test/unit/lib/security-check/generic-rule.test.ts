// The generic rule's two judges, in process: a key by its words (credential-names.ts) and a value
// as a whole (generic-rule.ts), on the text regex and on (key, value) pairs a parser gave; and its
// pattern stays linear on hostile lines now that a quoted value has no length bound.
import { describe, expect, it } from 'vitest';
import { seeded } from '../../../../bench/security-check-secrets.mjs';
import { holdsCredential, keyWords } from '../../../../src/lib/security-check/credential-names.js';
import { genericCredential, secretValue } from '../../../../src/lib/security-check/generic-rule.js';
import { findCredentials, pairCredentials } from '../../../../src/lib/security-check/scan-text.js';

const P = 'Xk9mQ2vL8pR4tW7z';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const rules = (text: string, syntax: 'dotenv' | 'other' = 'other') =>
  findCredentials(text, syntax).map((m) => `${m.rule.id} ${m.secret}`);

describe('credential names', () => {
  it('splits a key at separators, digits, case changes and after an acronym', () => {
    expect(keyWords('DBPassword2')).toEqual(['db', 'password']);
    expect(keyWords('JWTSecret_v2')).toEqual(['jwt', 'secret', 'v']);
    expect(keyWords('Admin Password (prod)')).toEqual(['admin', 'password', 'prod']);
    expect(keyWords('privateKey2')).toEqual(['private', 'key']);
    expect(keyWords('ключ_token')).toEqual(['token']);
  });

  it.each([
    ['db_password2', true],
    ['API_KEY2', true],
    ['Password123', true],
    ['dbpassword', true],
    ['refreshtoken', true],
    ['adminapikey', true],
    ['api_key[0]', true],
    ['db_password?', true],
    ['keyboard', false],
    ['monkey', false],
    ['keynote', false],
    ['turkey2', false],
    ['secret_name', false],
    ['tokenType', false],
    ['api_key_header (prod)', false],
    ['password_file[0]', false],
  ])('%s holds a credential: %s', (key, expected) => {
    expect(holdsCredential(key)).toBe(expected);
  });
});

describe('the value test', () => {
  it.each([
    ['9vK(q2Lm]Xp7;Rt4', true],
    ['q(7K;x2]Lm9<Vp4>Wz8{Rt3}Bn6,Yc1[Hd5)Jf0', true],
    ['m*Kr,I<K4c$zv"$yK8PG*w?Z|3:$ZYG', true],
    ['key-3bx7ynkp29jd6fds4gc373sgvjxtfm1', true],
    ['d3b07384d113edec49eaa6238ad5ff00-us6', true],
    ['q7x2-m9k4-p3v8-z5w1', true],
    ['X7K2P9M4Q8V3Z5W1N6', true],
    ['max-tokens-per-run', false],
    ['OPENAI_API_KEY_V2', false],
    ['gpt4-turbo-2024', false],
    ['internationalization-setting', false],
    ['getPassword()', false],
    ['((vault:secret/key))', false],
    ['Secret[prod/db-password]', false],
    ['ask-ops;rotate(monthly)', false],
    ['aBcD;eFgH(iJkL', true],
    ['Tr0ub4dor&3xyzQ!', true],
    ['basic authentication over TLS', false],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell-variable reference, literally
    ['pre_${SUFFIX}_x9Kq2Lm7', false],
    ['sk-$SUFFIX_VALUE_HERE', false],
    ['{{secrets.API_KEY}}', false],
    ['<your-token-here>', false],
  ])('%s is a secret: %s', (value, expected) => {
    expect(secretValue(value)).toBe(expected);
  });

  it('generated passwords over every printable character: all but a few in 10,000 are secrets', () => {
    // AWS Secrets Manager's default alphabet. The few left are a whole `<…>` (a reference's shape),
    // a `${…}` that closes, a `://`, or a literal backslash-r: the shared controls, not the value's symbols.
    const printable = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)).join('');
    const rng = seeded(42);
    let missed = 0;
    for (let k = 0; k < 10_000; k++) {
      const v = Array.from({ length: 32 }, () => printable[Math.floor(rng() * 94)]).join('');
      if (!secretValue(v)) missed++;
    }
    expect(missed).toBeLessThanOrEqual(10);
    // An opening `{{` or `${` without its close is two characters of a password, not a template.
    expect(secretValue('^8^TLcbE>G{{E}sy7<H|s^N8_KebT*S')).toBe(true);
  });

  it('`auth` is a credential word on a line and in a parsed pair alike; `author` is none', () => {
    expect(rules(`auth: ${P}\nauthor: ${P}\n`)).toEqual([`generic-credential-entropy ${P}`]);
    expect([genericCredential('auth', P), genericCredential('author', P)]).toEqual([true, false]);
  });

  it('a parsed pair is judged as two values, the key by its words', () => {
    expect(genericCredential('Admin Password (prod)', P)).toBe(true);
    expect(genericCredential('db password (prod)', 'a(b;c]d<e>f{g}h,i')).toBe(true);
    expect(genericCredential('monkey', P)).toBe(false);
    expect(pairCredentials('api_key[0]', `Xk9m"Q2;vL8(pR4)`).map((m) => m.secret)).toEqual([
      `Xk9m"Q2;vL8(pR4)`,
    ]);
    // A token in the value is its rule's, not the generic rule's.
    const token = `ghp_${'Zk3bQ9xW2mR7tY5uP8sL4vN6cH1jF0gD3aKe'}`;
    expect(pairCredentials('api_key', token).map((m) => m.rule.id)).toEqual(['github-token']);
  });
});

describe('the generic pattern', () => {
  it('takes a quoted value whole, and an unquoted one to its end', () => {
    expect(rules(`password: "9vK(q2Lm]Xp7;Rt4"\n`)).toEqual(['generic-credential-entropy 9vK(q2Lm]Xp7;Rt4']);
    expect(rules(`{"password": "Xk9m\\"Q2vL8pR4tW7z"}`)).toEqual([
      'generic-credential-entropy Xk9m\\"Q2vL8pR4tW7z',
    ]);
    expect(rules(`x: {api_key: 9vK(q2Lm]Xp7;Rt4}\n`)).toEqual([
      'generic-credential-entropy 9vK(q2Lm]Xp7;Rt4',
    ]);
    expect(rules(`SECRET1='q(7K;x2]Lm9<Vp4>Wz8#Rt3'\nTOKEN1=Xk9m(Q2vL8pR4#tW7z\n`, 'dotenv')).toEqual([
      'generic-credential-entropy q(7K;x2]Lm9<Vp4>Wz8#Rt3',
      'generic-credential-entropy Xk9m(Q2vL8pR4',
    ]);
    const rng = seeded(1100);
    const long = Array.from({ length: 1100 }, () => ALNUM[Math.floor(rng() * ALNUM.length)]).join('');
    expect(rules(`api_key: "${long}"\n`)).toEqual([`generic-credential-entropy ${long}`]);
  });

  it('compact JSON: a number before the next key is no value', () => {
    expect(rules(`{"max_tokens":512,"api_key":"{{secrets.OPENAI_API_KEY}}","t":1}`)).toEqual([]);
  });

  const MiB = 1 << 20;
  it.each([
    ['a quote that never closes', `password: "${'a'.repeat(MiB)}`],
    ['keys and quotes of both kinds, none closed', `password:"x password:'y `.repeat(MiB / 24)],
    ['keys with blanks and brackets up to no colon', 'api_key [0] (prod) '.repeat(MiB / 19)],
    ['unquoted runs of commas and brackets', `token: ${',]}a'.repeat(MiB / 4)}`],
  ])('%s: scanned in linear time', (_, text) => {
    expect(findCredentials(text).length).toBeLessThan(2);
  });
});
