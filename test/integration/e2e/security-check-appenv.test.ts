// A .env whose APP_ENV is no environment (`APP_ENV=prod`): the server refuses to start with it,
// whatever the file is called, so the gate judges it by production's rules, where the unknown
// APP_ENV is its own finding. A known non-production APP_ENV is left alone, as before.
import { describe, expect, it } from 'vitest';
import { check, expectNoSecret, makeTree } from '../../helpers/security-check.js';

describe('security check: an APP_ENV that is no environment', () => {
  it('APP_ENV=prod in a plain .env: the server startup findings, the session key masked', async () => {
    const root = makeTree({ '.env': 'APP_ENV=prod\nSESSION_SECRET_KEY=Hunter2Summer!x\nENABLE_DOCS=true\n' });
    const r = await check(root, ['--json']);
    expect(r.code).toBe(11);
    const rules = JSON.parse(r.stdout).findings.map((f: { rule: string }) => f.rule);
    expect(rules).toContain('env-production-app-env');
    expect(rules).toContain('env-production-session-secret-key');
    expect(rules).toContain('env-production-enable-docs');
    expectNoSecret([r.stdout, (await check(root, [])).stdout], ['Hunter2Summer!x']);
  });

  it('APP_ENV=staging or development, or unset: not production, no startup findings', async () => {
    for (const env of ['APP_ENV=staging\n', 'APP_ENV=development\n', 'APP_ENV=\n', '']) {
      const root = makeTree({ '.env': `${env}SESSION_SECRET_KEY=short\nENABLE_DOCS=true\n` });
      const r = await check(root, ['--json']);
      expect([env, r.code]).toEqual([env, 0]);
    }
  });
});
