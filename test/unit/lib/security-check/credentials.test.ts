// Every credential rule on true positives (in YAML, JSON and .env syntax) and on decoys.
import { describe, expect, it } from 'vitest';
import { DECOYS, PLANTS, seeded } from '../../../../bench/security-check-secrets.mjs';
import { ALL_CREDENTIAL_RULES, findCredentials } from '../../../../src/lib/security-check/scan-text.js';

const rules = (text: string) => findCredentials(text).map((m) => m.rule.id);

describe('credential rules', () => {
  it('has a planted true positive for every rule, and nothing else', () => {
    expect(Object.keys(PLANTS).sort()).toEqual(ALL_CREDENTIAL_RULES.map((r) => r.id).sort());
  });

  for (const [id, make] of Object.entries(PLANTS)) {
    it(`${id}: found in YAML, JSON and .env, with the secret's exact span`, () => {
      const rng = seeded(id.length * 7919);
      for (let i = 0; i < 20; i++) {
        const plant = make(rng);
        for (const syntax of ['yaml', 'json', 'env'] as const) {
          const text = `name: x\n  ${plant[syntax]}\nnext: 1\n`;
          const found = findCredentials(text);
          expect(
            found.map((m) => m.rule.id),
            `${syntax}: ${plant[syntax]}`,
          ).toEqual([id]);
          const compact = (s: string) => s.replace(/\\n|\s/g, '');
          expect(compact(found[0]?.secret ?? '')).toBe(compact(plant.secret));
        }
      }
    });
  }

  for (const decoy of DECOYS) {
    it(`decoy never reported: ${decoy.slice(0, 60)}`, () => {
      expect(rules(`${decoy}\n`)).toEqual([]);
      expect(rules(`  "${decoy.replace(/: /, '": "')}"\n`)).toEqual([]);
    });
  }

  it('a token whose random part starts or ends with a placeholder word is still a token', () => {
    // The prefix's `_` and the value's ends are no word edges (hostile pass 6, N5).
    for (const t of [
      'ghp_TodoZk3bQ9xW2mR7tY5uP8sL4vN6cH1jF0gD',
      'ghp_Zk3bQ9xW2mR7tY5uP8sL4vN6cH1jF0gDYOUR',
      'ghp_xxxxZk3bQ9xW2mR7tY5uP8sL4vN6cH1jF0gD',
    ])
      expect(rules(`token: ${t}`), t).toEqual(['github-token']);
    expect(rules('token: ghp_your_token_here_xxxxxxxxxxxxxxxxxxxxx')).toEqual([]);
  });

  it('a {{secrets.NAME}} or shell-variable reference is never a finding, whatever the key', () => {
    const shellRef = ['$', '{OPENAI_API_KEY}'].join('');
    for (const ref of ['{{secrets.API_KEY}}', '{{ secrets.DB_PASSWORD }}', shellRef, '$TOKEN']) {
      expect(rules(`api_key: ${ref}\nAuthorization: Bearer ${ref}\npassword: "${ref}"\n`)).toEqual([]);
    }
  });

  it('reports a secret once even when several rules match it (the most specific wins)', () => {
    const key = PLANTS['openai-api-key']?.(seeded(1)).secret;
    expect(rules(`headers:\n  Authorization: Bearer ${key}\n  api_key: ${key}\n`)).toEqual([
      'openai-api-key',
      'openai-api-key',
    ]);
  });

  it('a JWT-shaped string whose header is not a JWT header is not a JWT', () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const cursor = `${b64({ page: 3, order: 'desc' })}.${b64({ after: 'evt_0001234' })}.c2lnbmF0dXJlLW9mLWN1cnNvcg`;
    expect(rules(`next_page: ${cursor}\n`)).toEqual([]);
    const jwt = `${b64({ alg: 'HS256' })}.${b64({ after: 'evt_0001234' })}.c2lnbmF0dXJlLW9mLWN1cnNvcg`;
    expect(rules(`next_page: ${jwt}\n`)).toEqual(['jwt']);
  });

  it('a credential word must be a word of the key: keyboard and monkey are not keys', () => {
    expect(rules('keyboard_layout: en-US-international-2024\nmonkey: Xk9pQ2mZ7vR4tL8wN3\n')).toEqual([]);
    expect(rules('apiKey: Xk9pQ2mZ7vR4tL8wN3bY\nAPI_KEY=Xk9pQ2mZ7vR4tL8wN3bY\n')).toEqual([
      'generic-credential-entropy',
      'generic-credential-entropy',
    ]);
  });
});

describe('credential rules on hostile input', () => {
  // Each of these made a pattern backtrack quadratically before its quantifiers were bounded: a
  // 1 MiB line took minutes. Now each scan is linear; the test's timeout is the bound.
  const MiB = 1 << 20;
  const cases: Array<[string, string]> = [
    ['a credential word before a long run', `key ${'a'.repeat(MiB)}`],
    ['many sk- prefixes in one run', `sk-${'a'.repeat(1000)}`.repeat(MiB / 1004)],
    ['private key headers without an end', '-----BEGIN RSA PRIVATE KEY-----\n'.repeat(MiB / 32)],
    ['JWT-shaped runs', `eyJ${'a'.repeat(500)}.eyJ${'a'.repeat(500)}.`.repeat(MiB / 1008)],
    ['URL schemes without credentials', 'ab://'.repeat(MiB / 5)],
  ];
  for (const [what, text] of cases) {
    it(`${what}: scanned, nothing reported`, () => {
      expect(findCredentials(text)).toEqual([]);
    });
  }
});
