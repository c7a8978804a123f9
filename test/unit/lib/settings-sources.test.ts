// resolveSettings: an empty FIBONACCI_BASE_URL is unset (it broke every command, the offline
// `security check` too), and a bad URL from the environment or config.json names where it came from
// (newcomer pass 10). What turned prompts off is kept for the error that needed a prompt.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENVIRONMENT } from '../../../src/commands/help.js';
import { CliError } from '../../../src/lib/errors.js';
import { DEFAULT_ORIGIN } from '../../../src/lib/origin.js';
import { KNOWN_VARIABLES, misspeltVariables, resolveSettings } from '../../../src/lib/settings.js';

const env = (extra: Record<string, string>) => ({
  XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'fib-settings-')),
  ...extra,
});

function failure(fn: () => unknown): CliError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CliError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('resolveSettings: where a setting came from', () => {
  it('an empty FIBONACCI_BASE_URL is unset: the default API', () => {
    expect(resolveSettings({}, env({ FIBONACCI_BASE_URL: '' })).origin).toBe(DEFAULT_ORIGIN);
  });

  it('a bad URL names FIBONACCI_BASE_URL; one given with --api-url is said as before', () => {
    const fromEnv = failure(() => resolveSettings({}, env({ FIBONACCI_BASE_URL: 'http://x' })));
    expect(fromEnv.message).toBe(
      'invalid API URL "http://x": only https:// is supported (from FIBONACCI_BASE_URL)',
    );
    expect(fromEnv.exitCode).toBe(2);
    const fromFlag = failure(() => resolveSettings({ apiUrl: 'http://x' }, env({})));
    expect(fromFlag.message).toBe('invalid API URL "http://x": only https:// is supported');
  });

  it('what turned prompts off, in words', () => {
    expect(resolveSettings({ input: false }, env({ CI: '1' })).noInputBy).toBe('--no-input');
    expect(resolveSettings({}, env({ FIBONACCI_NO_INPUT: '1', CI: '1' })).noInputBy).toBe(
      'FIBONACCI_NO_INPUT is set',
    );
    expect(resolveSettings({}, env({ CI: 'true' })).noInputBy).toBe('CI is set');
    expect(resolveSettings({}, env({})).noInputBy).toBeUndefined();
  });

  it('--timeout says what it takes, for 0 as for 10s', () => {
    for (const raw of ['0', '10s', '1e1', '-1'])
      expect(failure(() => resolveSettings({ timeout: raw }, env({}))).message).toBe(
        `invalid --timeout "${raw}": expected a number of seconds more than 0, without a unit (30, 2.5)`,
      );
  });
});

describe('misspelt FIBONACCI_ variables (newcomer pass 14, NC-21)', () => {
  it('the known list is the FIBONACCI_ variables `help environment` describes', () => {
    const described = ENVIRONMENT.map(([name]) => name).filter((n) => n.startsWith('FIBONACCI_'));
    expect([...KNOWN_VARIABLES].sort()).toEqual(described.sort());
  });

  it('names the variable meant; a known one, or one near none, says nothing', () => {
    expect(
      misspeltVariables({
        FIBONACCI_TIMEOUTS: '5',
        fibonacci_api_key: 'x',
        FIBONACCI_RETRIES: '2',
        FIBONACCI_BASE_URL: 'https://x',
        FIBONACCI_DEMO_KEYCHAIN: '1',
      }),
    ).toEqual([
      'warning: FIBONACCI_TIMEOUTS is not a setting and is ignored; did you mean FIBONACCI_TIMEOUT?',
      'warning: fibonacci_api_key is not a setting and is ignored; did you mean FIBONACCI_API_KEY?',
      'warning: FIBONACCI_RETRIES is not a setting and is ignored; did you mean FIBONACCI_MAX_RETRIES?',
    ]);
  });
});
