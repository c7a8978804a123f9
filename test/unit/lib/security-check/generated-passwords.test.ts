// GENPW: generated passwords of 16 to 24 characters under credential keys, as `openssl rand -base64`,
// `pwgen -s` and a password manager make them. Each value below was missed before: a random
// mixed-case run split at its capitals passed as camelCase words, a random run's one- and
// two-letter pieces read as words, and a `$name` inside a password's symbols was taken for a variable.
import { describe, expect, it } from 'vitest';
import { seeded } from '../../../../bench/security-check-secrets.mjs';
import { findCredentials, pairCredentials } from '../../../../src/lib/security-check/scan-text.js';

const MISSED = [
  'dFeHiKfu3Nqgfuch', // openssl rand -base64 12: camelCase-shaped
  'hkuMqm3OcDyqqkMy',
  'uxXblmQchcEtOvcdx8Qf', // openssl rand -base64 15
  'snlW9VqdejuFhtO6', // pwgen -s
  'O9PpUU9oASSo9pB3', // pwgen -s: its short pieces' pairs
  'KZ_a^~t?#&-$i47n', // 1Password: `$i47n` is no variable
  'Sr1j=$Uni..c~z.M',
  'u8o.D$jtVY@$YUH_JO',
];

/** The rule that found `value` in each way it is written, and as a decoded (key, value) pair. */
function found(key: string, value: string): string[] {
  const js = JSON.stringify(value);
  const lines: [string, 'dotenv' | 'other'][] = [
    [`${key}: ${js}`, 'other'],
    [`"${key}": ${js}`, 'other'],
    [`${key.toUpperCase()}=${js}`, 'dotenv'],
  ];
  return [
    ...lines.map(([line, syntax]) =>
      findCredentials(line, syntax)
        .map((m) => m.secret)
        .join(','),
    ),
    pairCredentials(key, value)
      .map((m) => m.secret)
      .join(','),
  ];
}

describe('GENPW: generated passwords under a credential key', () => {
  it.each(MISSED)('%s: found as written and as a pair', (value) => {
    expect(found('db_password', value)).toEqual([value, value, value, value]);
  });

  it('names and words under a credential key stay quiet', () => {
    for (const value of [
      'dbPasswordProd',
      'maxTokensPerRun',
      'githubToken,slackToken,npmToken',
      'PASSWORDPASSWORD',
      'correcthorsebatterystaple',
    ])
      expect(findCredentials(`password: ${value}`), value).toEqual([]);
  });

  it('misses none of 2,000 seeded draws of each style', () => {
    const r = seeded(1234);
    const pick = (chars: string, n: number) =>
      Array.from({ length: n }, () => chars[Math.floor(r() * chars.length)]).join('');
    const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    const styles = [
      () => Buffer.from(pick(alnum, 15)).toString('base64').slice(0, 20), // openssl rand -base64 15
      () => pick(alnum, 16 + Math.floor(r() * 9)), // pwgen -s
      () => pick(`${alnum}!@#$%^&*`, 16 + Math.floor(r() * 9)), // Bitwarden
    ];
    const missed: string[] = [];
    for (const style of styles)
      for (let i = 0; i < 2000; i++) {
        const value = style();
        if (/^[a-z]+$|^[A-Z]+$/.test(value)) continue;
        if (pairCredentials('api_token', value).length === 0) missed.push(value);
      }
    expect(missed).toEqual([]);
  });

  // SC-PWGEN: 8 to 15 characters with a symbol (`pwgen -sy 8`, a password manager's short setting)
  // were below both tests' lengths (16 for a generated password, 12 for the generic one): missed.
  it.each(['G7p#L2w9', 'mF7#qZ2!', '8x4Lp!Qz', 'Tq9&vB2x', 'Zk4%wN8*pQ', 'hY3^dR7!kM2'])(
    '%s (short, generated): found as written and as a pair',
    (value) => {
      expect(found('db_password', value)).toEqual([value, value, value, value]);
    },
  );

  it('short passwords a person makes from words (leetspeak too) stay quiet', () => {
    for (const value of ['Passw0rd!', 'Summer2024!', 'Welc0me#1', 'P@ssw0rd1', 'Admin123!', 'Monkey$2023'])
      expect(found('db_password', value), value).toEqual(['', '', '', '']);
  });

  it('finds most of 2,000 seeded 8-character draws with a symbol (none before)', () => {
    const r = seeded(4321);
    const pick = (chars: string) => chars[Math.floor(r() * chars.length)] as string;
    const [lower, upper, digit, symbol] = [
      'abcdefghijklmnopqrstuvwxyz',
      'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
      '0123456789',
      '!#$%^&*',
    ];
    const all = `${lower}${upper}${digit}${symbol}`;
    let hits = 0;
    for (let i = 0; i < 2000; i++) {
      const chars = [
        pick(lower),
        pick(upper),
        pick(digit),
        pick(symbol),
        ...Array.from({ length: 4 }, () => pick(all)),
      ];
      for (let j = chars.length - 1; j > 0; j--) {
        const k = Math.floor(r() * (j + 1));
        [chars[j], chars[k]] = [chars[k] as string, chars[j] as string];
      }
      if (pairCredentials('api_token', chars.join('')).length > 0) hits++;
    }
    expect(hits).toBeGreaterThanOrEqual(1600);
  });
});
