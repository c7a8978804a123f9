// UX pass 14 (A-SHOWN, A-HINTS): a refused --env was never repeated and never corrected:
// `secret list --env Production` said "invalid --env: lowercase letters, digits and -, …" and "see
// --help", though Production is harmless to repeat and production is plainly what was meant. Now a
// value that may be shown is quoted and its environment-name form is the hint; one that may be a
// value typed in the wrong place (a token, a password's mixed case with a digit) is still not.
import { describe, expect, it } from 'vitest';
import { parseArgv } from './argv.js';

const RULE = 'lowercase letters, digits and -, starting with a letter, at most 32 characters';

describe('a refused --env names the environment meant', () => {
  it.each([
    [['secret', 'list', '--env', 'Production'], 'Production', 'production'],
    [['secret', 'list', '--env', 'PROD'], 'PROD', 'prod'],
    [['secret', 'set', 'API_KEY', '--env', 'prod_eu'], 'prod_eu', 'prod-eu'],
    [['security', 'check', '--env', 'Staging', '.'], 'Staging', 'staging'],
  ])('%j', async (argv, typed, meant) => {
    const r = await parseArgv(argv);
    expect([r.code, r.stdout, r.stderr, r.calls]).toEqual([
      2,
      '',
      `error: invalid --env "${typed}": ${RULE}\nhint: did you mean ${meant}?\n`,
      [],
    ]);
  });

  it.each(['Tr0ub4dor', 'ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z', '123e4567-e89b-12d3-a456-426614174000'])(
    '%s: not repeated, not lower-cased into a hint',
    async (typed) => {
      const r = await parseArgv(['secret', 'list', '--env', typed]);
      expect([r.code, r.stderr]).toEqual([
        2,
        `error: invalid --env: ${RULE}\nhint: see \`fibonacci secret list --help\`\n`,
      ]);
    },
  );
});
