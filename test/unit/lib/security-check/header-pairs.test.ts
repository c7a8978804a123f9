// An Authorization header written as a name/value pair (header lists: Kubernetes, Postman, n8n,
// OpenAPI) is judged as the one-line header: each layout's credential is found at its value's
// scalar, and what the one-line form does not report (references, placeholders) is not reported here.
import { describe, expect, it } from 'vitest';
import { headerPairCredentials } from '../../../../src/lib/security-check/header-pairs.js';
import { findCredentials } from '../../../../src/lib/security-check/scan-text.js';

const T = ['9f8E7d6C', '5b4A3f2E', '1d0C8b7A'].join('');

/** What the header pass adds to the text scan: `rule text-at-its-range`. */
function pairs(text: string): string[] {
  return headerPairCredentials(text, findCredentials(text)).map(
    (m) => `${m.rule.id} ${text.slice(m.start, m.end)}`,
  );
}

describe('header pairs', () => {
  it.each([
    [
      'a block list, name/value',
      `h:\n  - name: Authorization\n    value: Bearer ${T}\n`,
      'bearer',
      `Bearer ${T}`,
    ],
    ['another scheme word', `h:\n  - name: Authorization\n    value: Token ${T}\n`, 'scheme', `Token ${T}`],
    ['a flow map, quoted', `h: [{name: Authorization, value: "Bearer ${T}"}]\n`, 'bearer', `"Bearer ${T}"`],
    [
      'key/value (Postman), lower case',
      `- key: authorization\n  value: 'Token ${T}'\n`,
      'scheme',
      `'Token ${T}'`,
    ],
    ['header/value, value first', `- value: Bearer ${T}\n  header: AUTHORIZATION\n`, 'bearer', `Bearer ${T}`],
    ['Proxy-Authorization', `- name: Proxy-Authorization\n  value: Bearer ${T}\n`, 'bearer', `Bearer ${T}`],
    ['JSON, a two-item list', `{"headers": [["Authorization", "Bearer ${T}"]]}`, 'bearer', `"Bearer ${T}"`],
    ['JSON, Token in a pair', `{"h": [["authorization", "Token ${T}"]]}`, 'scheme', `"Token ${T}"`],
    [
      'JSON, name/value',
      `{"h": [{"name": "Authorization", "value": "Bearer ${T}"}]}`,
      'bearer',
      `"Bearer ${T}"`,
    ],
    [
      'an alias to the value',
      `t: &t Bearer ${T}\nh:\n  - name: Authorization\n    value: *t\n`,
      'bearer',
      '*t',
    ],
    [
      'an OpenAPI example',
      `- name: Authorization\n  in: header\n  example: Bearer ${T}\n`,
      'bearer',
      `Bearer ${T}`,
    ],
  ])('%s', (_, text, rule, at) => {
    expect(pairs(text)).toEqual([`${rule}-authorization ${at}`]);
  });

  it.each([
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell-variable reference, literally
    ['a shell reference', '- name: Authorization\n  value: Bearer ${API_TOKEN}\n'],
    ['a secret reference', '- name: Authorization\n  value: "Bearer {{secrets.API_KEY}}"\n'],
    ['a placeholder', '- name: Authorization\n  value: Bearer <your-token>\n'],
    ['a placeholder word', '- name: Authorization\n  value: Token your-api-token-here\n'],
    ['prose, not one credential', `- name: Authorization\n  description: send Bearer ${T} here\n`],
    ['another header', `- name: X-Request-Id\n  value: Bearer ${T}\n`],
    ['a three-item list', `{"h": [["Authorization", "Bearer ${T}", "x"]]}`],
    ['a key named for the header (the text scan finds it)', `h:\n  Authorization: Bearer ${T}\n`],
  ])('%s: not reported', (_, text) => {
    expect(pairs(text)).toEqual([]);
  });

  it.each([
    ['a Kubernetes env list', `env:\n  - name: DB_PASSWORD\n    value: ${T}\n`, `${T}`],
    ['a flow map', `env: [{name: API_TOKEN, value: "${T}"}]\n`, `"${T}"`],
    ['Postman key/value, JSON', `{"variable": [{"key": "clientSecret", "value": "${T}"}]}`, `"${T}"`],
  ])('a credential named beside its value: %s', (_, text, at) => {
    expect(pairs(text)).toEqual([`generic-credential-entropy ${at}`]);
  });

  it.each([
    ['a reference', 'env:\n  - name: DB_PASSWORD\n    value: "{{secrets.DB_PASSWORD}}"\n'],
    ['a name that describes a secret', `env:\n  - name: TOKEN_URL\n    value: https://auth.example/${T}\n`],
    ['a name that is no credential', `env:\n  - name: LOG_LEVEL\n    value: ${T}\n`],
    [
      'a value from a secret ref',
      'env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef: {name: db, key: password}\n',
    ],
  ])('a named entry: %s is not reported', (_, text) => {
    expect(pairs(text)).toEqual([]);
  });

  it('a token the text scan found is not reported twice', () => {
    const gh = `${'ghp'}_${'aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3bC5'}`;
    const text = `- name: Authorization\n  value: Bearer ${gh}\n`;
    expect(findCredentials(text).map((m) => m.rule.id)).toEqual(['github-token']);
    expect(pairs(text)).toEqual([]);
  });
});
