import { describe, expect, it } from 'vitest';
import { mayRepeat, shownBare, shownValue } from '../../../src/lib/shown-value.js';

// What an error may repeat of what the user typed: never a credential-looking run.
describe('shown values', () => {
  it.each([
    `ghp_${'aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3bC5'}`,
    'API_KEY=Xk9mQ2vL8pR4tW7z',
    `sk-proj-${'Abc123Def456Ghi789Jkl012Mno345'}`,
    'AKIAIOSFODNN7EXAMPLE',
    './keys/Zq8wLk29XpR4vTn7Yb.pem',
    '6a6c22e7-145a-4a24-bb59-59b4dff06322',
    'HEROKU-API-KEY=6a6c22e7-145a-4a24-bb59-59b4dff06322',
    'qWbnRtYuMzXcVbNmLkJhGfDs',
  ])('%s: its length only', (value) => {
    expect(mayRepeat(value)).toBe(false);
    expect(shownValue(value)).toBe(`(${value.length} characters, not repeated here)`);
    expect(shownBare(value)).toBe(`(${value.length} characters, not repeated here)`);
  });

  it.each([
    'production/etl',
    'OLD-TOKEN',
    'approval_threshold=-1',
    './definitions/support-triage.yaml',
    'https://api.example.com',
    '12345678901234567890',
    'production-eu-west-2',
    './definitions/Support-Triage-v2.yaml',
    'SupportTriageWorkflow',
    'memory_mb=2048',
  ])('%s: repeated as typed', (value) => {
    expect(mayRepeat(value)).toBe(true);
    expect(shownValue(value)).toBe(`"${value}"`);
    expect(shownBare(value)).toBe(value);
  });
});
