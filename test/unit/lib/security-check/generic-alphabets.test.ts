// The generic rule on values of one kind of character: a random draw from any alphabet under a
// credential key is a credential (judged against its alphabet, not by a class count), and words,
// placeholders, numbers that are no credential and repetitive values stay unreported.
import { describe, expect, it } from 'vitest';
import { seeded } from '../../../../bench/security-check-secrets.mjs';
import { secretValue } from '../../../../src/lib/security-check/generic-rule.js';
import { findCredentials } from '../../../../src/lib/security-check/scan-text.js';

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i)).join('');
const ALPHABETS: [string, string, number][] = [
  // name, alphabet, the shortest length judged
  ['lowercase', 'abcdefghijklmnopqrstuvwxyz', 12],
  ['uppercase', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 12],
  ['digits', '0123456789', 16],
  ['hex', '0123456789abcdef', 16],
  ['CJK', range(0x4e00, 0x4fff), 8],
  ['lowercase Cyrillic', 'абвгдеёжзийклмнопрстуфхцчшщъыьэюя', 8],
  ['emoji', range(0x1f600, 0x1f64f), 8],
];

function draw(rng: () => number, alphabet: string, length: number): string {
  const chars = [...alphabet];
  return Array.from({ length }, () => chars[Math.floor(rng() * chars.length)]).join('');
}

describe('random values of one alphabet under a credential key', () => {
  it.each(ALPHABETS)(
    '%s: nearly every random draw is a credential, on the line and parsed',
    (_, alphabet, min) => {
      const rng = seeded(1201);
      let missed = 0;
      const lengths = [min, 24, 32, 40];
      for (const length of lengths)
        for (let k = 0; k < 50; k++) {
          const v = draw(rng, alphabet, length);
          const line = findCredentials(`db_password: "${v}"\n`).map((m) => `${m.rule.id} ${m.secret}`);
          if (!secretValue(v) || line.join() !== `generic-credential-entropy ${v}`) missed++;
        }
      // A draw that happens to repeat itself or to read as words is left: under 3% at the shortest length.
      expect(missed).toBeLessThanOrEqual(6);
    },
  );

  it("the hostile report's values are found", () => {
    for (const v of [
      'mxeblqpwcdxedsgaanxppuwjnimuyaxw',
      'SLCBQGLCDCFSFDEEJJMKLUWISGWEQICQ',
      '是也出有一有上了这们我上是个说这',
      'сиццоювёчрыиёдяэ',
      '86756363768494799268',
      '2b1ba5f10ab5814b138f464a',
    ])
      expect(findCredentials(`api_key: "${v}"\n`).map((m) => m.secret)).toEqual([v]);
  });
});

describe('values of one kind of character that are no credential', () => {
  it.each([
    'changeme',
    'sunshinesunshine',
    'PASSWORDPASSWORD',
    'correcthorsebatterystaple',
    'internationalization',
    'supersecretpassword',
    'administrator',
    'letmeinplease',
    'true',
    '5432',
    '30000',
    '123456789012', // 12 digits: 40 bits are not enough
    '1700000000000', // a timestamp: not spread as a random draw is
    '11111111112222222222',
    '2024-01-01',
    '1.2.3',
    'xxxxxxxxxxxxxxxxxxxxxxxx',
    'abcabcabcabcabcabcabc',
  ])('%s', (v) => {
    expect(secretValue(v)).toBe(false);
    expect(findCredentials(`password: "${v}"\n`)).toEqual([]);
  });
});
