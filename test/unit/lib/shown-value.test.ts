import { describe, expect, it } from 'vitest';
import {
  looksLikeCredential,
  mayShowName,
  type NameKind,
  shownName,
  shownNameBare,
  shownPath,
  shownPathBare,
} from '../../../src/lib/shown-value.js';

// What an error may repeat of what the user typed. A name: only what is written as names of its
// kind are (an allow-list); a path or URL: anything but a credential-looking run.

const KINDS: readonly NameKind[] = [
  'command',
  'option',
  'secret',
  'environment',
  'scope',
  'event type',
  'workflow',
  'key',
  'value',
];

// Passwords as generators and people make them: none is a token, none looks random to a scanner.
const PASSWORDS = [
  'kdhTwe-pQmbXa-ZtreHy',
  'Tr0ub4dor&3',
  'P@ssw0rd-2024!',
  'Summer2024!',
  'Passw0rd',
  'mzwsiEgKKeB7eg_kLG^_',
  'Hunter2',
  'qWbnRtYuMzXcVbNmLkJhGfDs',
  '6a6c22e7-145a-4a24-bb59-59b4dff06322',
  `ghp_${'aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3bC5'}`,
  'AKIAIOSFODNN7EXAMPLE',
];

describe('shown names', () => {
  describe.each(KINDS)('as a %s', (kind) => {
    it.each(PASSWORDS)('%s: its length only', (value) => {
      expect(mayShowName(value, kind)).toBe(false);
      expect(shownName(value, kind)).toBe(`(${[...value].length} characters, not repeated here)`);
      expect(shownNameBare(value, kind)).toBe(`(${[...value].length} characters, not repeated here)`);
    });
  });

  it.each([
    ['secrt', 'command'],
    ['list-keys', 'command'],
    ['__complet', 'command'],
    ['--bogus', 'option'],
    ['-x', 'option'],
    ['API_KEY2', 'secret'],
    ['1API_KEY', 'secret'],
    ['db_password', 'secret'],
    ['prodution', 'environment'],
    ['-prod', 'environment'],
    ['runs:reed', 'scope'],
    ['workflow.create', 'event type'],
    ['DEVELOPER_SHELL', 'event type'],
    ['production/etl', 'workflow'],
    ['prod/SupportTriage', 'workflow'],
    ['key_9f3a1c7e5b2d8a4f6c0e1b3d', 'key'],
    ['deploy-2', 'key'],
    ['deploy bot', 'key'],
    ['soon', 'value'],
    ['2026-01-23T09:00:00Z', 'value'],
    ['approval_threshold=-1', 'value'],
    ['memory_mb=2048', 'value'],
    ['Json', 'value'],
  ] as const)('%s (a %s): repeated as typed', (value, kind) => {
    expect(shownName(value, kind)).toBe(`"${value}"`);
    expect(shownNameBare(value, kind)).toBe(value);
  });

  it.each([
    ['Secret', 'command'],
    ['--Token', 'option'],
    ['Api_Key2', 'secret'],
    ['Prod', 'environment'],
    ['runs:Read', 'scope'],
    ['prod/Support-Triage-v2', 'workflow'],
    ['a'.repeat(101), 'value'],
  ] as const)('%s (a %s): not written as such names are, so not repeated', (value, kind) => {
    expect(mayShowName(value, kind)).toBe(false);
  });
});

describe('shown paths', () => {
  it.each([
    `ghp_${'aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3bC5'}`,
    './keys/Zq8wLk29XpR4vTn7Yb.pem',
    '6a6c22e7-145a-4a24-bb59-59b4dff06322',
    'HEROKU-API-KEY=6a6c22e7-145a-4a24-bb59-59b4dff06322',
  ])('%s: its length only', (value) => {
    expect(looksLikeCredential(value)).toBe(true);
    expect(shownPath(value)).toBe(`(${value.length} characters, not repeated here)`);
    expect(shownPathBare(value)).toBe(`(${value.length} characters, not repeated here)`);
  });

  it.each([
    './definitions/support-triage.yaml',
    'https://api.example.com',
    './definitions/Support-Triage-v2.yaml',
  ])('%s: repeated as typed', (value) => {
    expect(shownPath(value)).toBe(`"${value}"`);
    expect(shownPathBare(value)).toBe(value);
  });
});

describe('grouped keys (hostile pass 14, H14a-2)', () => {
  it.each([
    ['Xk9m', 'Q2vL', '8pR4', 'tZ7w', 'N3bY'].join('-'),
    ['xk9m', 'q2vl', '8pr4', 'tz7w', 'n3by'].join('-'),
    ['d79099b3', '7e03', '407a', 'a698', 'e90dde902408'].join('_'),
    ['k3Xq', 'p9Wm', 'Z2vB'].join('_'),
  ])('%s looks like a credential', (value) => {
    expect(looksLikeCredential(value)).toBe(true);
    expect(mayShowName(value.replace(/-/g, '_'), 'secret')).toBe(false);
  });

  it.each([
    'prod-db-2-replica-3',
    'release-2024-12-01-hotfix',
    'gpt-4o-mini-2024-07-18',
    'claude-3-5-sonnet-20241022',
    '/tmp/fibonacci-demo-aB3xYz/emulator/ca.pem',
    'us-east-1a-b2c3',
    'crm_api_token_2',
  ])('%s does not', (value) => {
    expect(looksLikeCredential(value)).toBe(false);
  });
});
