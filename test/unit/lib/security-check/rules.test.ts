// The rule table: unique ids, every one documented, every server-settings finding mapped to a rule,
// and the pieces the e2e tests lean on (placeholders, SOC 2 ids, YAML positions).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPlaceholder, isReference, shannonEntropy } from '../../../../src/lib/security-check/entropy.js';
import { classify } from '../../../../src/lib/security-check/file-kinds.js';
import { ALL_RULES, envRuleId, ruleById } from '../../../../src/lib/security-check/rules.js';
import { findCredentials } from '../../../../src/lib/security-check/scan-text.js';
import { SOC2_CONTROLS, suggestControl } from '../../../../src/lib/security-check/soc2.js';
import { evaluateSettings } from '../../../../src/lib/server-rules.js';
import { locate } from '../../../../src/lib/yaml-positions.js';
import { REPO_ROOT } from '../../../helpers/repo.js';

describe('security check rules', () => {
  it('ids are unique, and docs/security-check.md documents each one', () => {
    const ids = ALL_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const doc = readFileSync(join(REPO_ROOT, 'docs/security-check.md'), 'utf8');
    expect(ids.filter((id) => !doc.includes(`| \`${id}\` |`))).toEqual([]);
  });

  it('every variable the server rules can complain about has a rule', () => {
    const bad = {
      APP_ENV: 'production',
      SESSION_SECRET_KEY: 'short',
      ENABLE_DOCS: 'maybe',
      ENABLE_DEVELOPER_ROUTES: 'true',
      TRUSTED_PROXY_HOSTS: 'proxy.local',
      SECRETS_BACKEND: 'aws_secrets_manager',
      FIBONACCI_EMULATOR_RATE_LIMIT: 'lots',
    };
    const variables = new Set([
      ...evaluateSettings(bad).findings.map((f) => f.variable),
      ...evaluateSettings({ APP_ENV: 'prod', SECRETS_BACKEND: 'vault' }).findings.map((f) => f.variable),
    ]);
    expect(variables.size).toBe(8);
    for (const v of variables) expect(ruleById(envRuleId(v)), v).toBeDefined();
  });
});

describe('which files are read as .env files', () => {
  it('every `.env*` form the contract names, and not a workflow that merely starts with .env', () => {
    for (const n of [
      '.env',
      '.env.local',
      '.env.production',
      '.env-local',
      '.env_prod',
      '.envrc',
      'prod.env',
    ])
      expect(classify(n), n).toBe('env');
    for (const n of ['.environment.yaml', '.envoy.json']) expect(classify(n), n).toBe('data');
    // A dotenv name with a YAML or JSON extension: read as its extension says, not as dotenv.
    for (const n of ['.env.production.json', '.env-staging.yaml', '.env_x.YML'])
      expect(classify(n), n).toBe('settings');
    // The rest of what the glob matches, an editor's backup too.
    for (const n of ['.envelope', '.env~', '.env#', '.envfile', '.env (copy)'])
      expect(classify(n), n).toBe('env');
  });
});

describe('false-positive controls', () => {
  it('references and placeholders', () => {
    const shell = ['$', '{TOKEN}'].join('');
    const actions = ['$', '{{ secrets.X }}'].join('');
    for (const r of ['{{secrets.API_KEY}}', shell, '$TOKEN', '%TOKEN%', '<token>', actions])
      expect(isReference(r), r).toBe(true);
    for (const p of [
      'your-api-key',
      'xxxxxxxxxxxx',
      'changeme',
      'AKIAIOSFODNN7EXAMPLE',
      'aaaaaaaaaaaa',
      'abcabcabcabc',
    ])
      expect(isPlaceholder(p), p).toBe(true);
    expect(isPlaceholder('Xk9pQ2mZ7vR4tL8wN3bY')).toBe(false);
    for (const p of [
      'sk-your-key-here',
      'ghp_YourTokenHere',
      'YOUR_TOKEN',
      'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    ])
      expect(isPlaceholder(p), p).toBe(true);
    // A random token that happens to hold a short word in mixed case, or inside other letters, is
    // a token: before, `yOuR` anywhere hid about one random 36-character token in 4,000.
    // Nor one whose random part begins or ends with a word, or holds a long one: no edge there.
    for (const t of [
      `ghp_${'Q7xyOuRfK2mZ9vR4tL8wN3bYc5Jd1Hs6Pq0'}`,
      'Zk3bQ9xW2mRtodoY5uP8sL4vN6cH1jF0gD3aKe',
      'TodoZk3bQ9xW2mR7tY5uP8sL4vN6cH1jF0',
      'Zk3bQ9xW2mR7tY5uP8sL4vN6cH1jF0YOUR',
      'Zk3bQ9xW2mR7tYdummyP8sL4vN6cH1jF0g',
    ])
      expect(isPlaceholder(t), t).toBe(false);
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBe(2);
  });

  it('a `$` or `#` inside a password is part of it, a reference only where a variable can start', () => {
    for (const [value, found] of [
      ['Zq8$Lm3nV7bX2cK9wR4tY6uP', true],
      ['Xk9mP2vL7qR4wZ8nT1a$B3c', true],
      ['Xk9#mP2vL7qR4wZ8nT1aB3c', true],
      ['sk-$SUFFIX_VALUE_HERE', false],
      ['pre_${SUFFIX}_x9Kq2Lm7', false],
      ['$DB_PASSWORD_VALUE', false],
    ] as const) {
      expect(findCredentials(`api_key: ${value}`).length, value).toBe(found ? 1 : 0);
      expect(findCredentials(`{"password": "${value}"}`).length, value).toBe(found ? 1 : 0);
    }
    // In a dotenv file an unquoted value ends at `#`, as dotenv and Node's --env-file read it.
    expect(findCredentials('API_KEY=Xk9#mP2vL7qR4wZ8nT1aB3c', 'dotenv')).toEqual([]);
    expect(findCredentials('API_KEY="Xk9mP2vL7qR4wZ8nT1aB3c" # old', 'dotenv')).toHaveLength(1);
  });
});

describe('SOC 2 control ids', () => {
  it('knows the 2017 TSC criteria and suggests the near miss', () => {
    expect(SOC2_CONTROLS.size).toBe(61);
    for (const id of ['CC1.1', 'CC6.8', 'CC9.2', 'A1.3', 'C1.2', 'PI1.5', 'P6.7', 'P8.1'])
      expect(SOC2_CONTROLS.has(id), id).toBe(true);
    for (const id of ['CC6.9', 'CC10.1', 'A2.1', 'P9.1']) expect(SOC2_CONTROLS.has(id), id).toBe(false);
    expect([suggestControl('cc7.2'), suggestControl('CC6.9'), suggestControl('nope')]).toEqual([
      'CC7.2',
      'CC6.1',
      undefined,
    ]);
  });
});

describe('yaml-positions', () => {
  const text = 'a:\n  roles:\n    - name: dev\n    - name: ops\n  "quoted key": 1\n';
  it('maps a loc path to the key or item it names, 1-based', () => {
    expect(locate(text, ['a', 'roles', 1, 'name'])).toEqual({ line: 4, column: 7 });
    expect(locate(text, ['a', 'quoted key'])).toEqual({ line: 5, column: 3 });
    expect(locate(text, [])).toEqual({ line: 1, column: 1 });
  });
  it('stops at the deepest node that exists, and reads JSON too', () => {
    expect(locate(text, ['a', 'roles', 7, 'name'])).toEqual({ line: 2, column: 3 });
    expect(locate('{\n  "x": {"y": [1, 2]}\n}', ['x', 'y', 1])).toEqual({ line: 2, column: 18 });
  });
});
