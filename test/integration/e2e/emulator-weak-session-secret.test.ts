// Weak production settings the startup rules let through (hostile pass 14, H14c-12): a
// SESSION_SECRET_KEY of 32 characters that is no random value (32 spaces, `a`×32, `ab`×16, a hex
// run written twice, a placeholder's words), and 16 emoji counted as 32 (UTF-16 units, not
// characters). lib/server-rules.ts now refuses them in production, and `security check` says the
// same of a production .env, from the same module. The built CLI; no value is ever repeated.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, makeTree } from '../../helpers/security-check.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const FIX = 'set it to a random string of at least 32 characters (e.g. `openssl rand -hex 32`)';
const CASES: Array<[string, string, string]> = [
  ['white space', ' '.repeat(32), `SESSION_SECRET_KEY is not a random value: it is only white space; ${FIX}`],
  [
    'one letter',
    'q'.repeat(32),
    `SESSION_SECRET_KEY is not a random value: it repeats a piece of 1 character; ${FIX}`,
  ],
  [
    'a pair',
    'Zx'.repeat(16),
    `SESSION_SECRET_KEY is not a random value: it repeats a piece of 2 characters; ${FIX}`,
  ],
  [
    'hex written twice',
    '0123456789abcdef0123456789abcdef',
    `SESSION_SECRET_KEY is not a random value: it repeats a piece of 16 characters; ${FIX}`,
  ],
  [
    'few characters',
    'aabbaabbccaabbccaabbaaccbbaaccbbaaq',
    `SESSION_SECRET_KEY is not a random value: it uses only 4 different characters (a random one of this length uses many more); ${FIX}`,
  ],
  [
    'a placeholder',
    'your-session-key-goes-here-0123456789',
    `SESSION_SECRET_KEY is not a random value: it reads like a placeholder left in, not a random value; ${FIX}`,
  ],
  [
    '16 emoji',
    '🔑'.repeat(16),
    'SESSION_SECRET_KEY has 16 characters; use at least 32 (e.g. `openssl rand -hex 32`)',
  ],
];

describe('a weak SESSION_SECRET_KEY in production', () => {
  it.each(CASES)('%s: emulator start refuses it in words, exit 3', async (_what, value, message) => {
    const dataDir = join(tempDir('fib-weak-session-'), 'data');
    const r = await runCli(['emulator', 'start', '--port', '0', '--data-dir', dataDir], {
      env: { APP_ENV: 'production', SESSION_SECRET_KEY: value, TRUSTED_PROXY_HOSTS: '10.0.0.1' },
    });
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `error: ${message}\nhint: the emulator refused to start (APP_ENV=production): fix the setting above in the environment or the --env-file\n`,
    );
    if (value.trim() !== '') expect(r.stderr).not.toContain(value.slice(0, 8));
  });

  it.each(CASES)(
    '%s: security check finds it in .env.production with the same words',
    async (_what, value, message) => {
      const dir = makeTree({
        '.env.production': `APP_ENV=production\nSESSION_SECRET_KEY="${value}"\nTRUSTED_PROXY_HOSTS=10.0.0.1\n`,
      });
      const r = await check(dir, ['--json']);
      expect(r.code, r.stderr).toBe(11);
      const found = (
        JSON.parse(r.stdout) as { findings: Array<{ rule: string; level: string; message: string }> }
      ).findings
        .filter((f) => f.rule === 'env-production-session-secret-key')
        .map((f) => [f.level, f.message]);
      expect(found).toEqual([['error', message]]);
    },
  );
});
