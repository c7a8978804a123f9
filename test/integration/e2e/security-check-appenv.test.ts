// A production .env file by name whose APP_ENV the server would refuse, through the built CLI: it is
// still judged by the production rules, and the bad APP_ENV is reported — the one case the
// env-production-app-env rule exists for — with no value from the file in any message.
import { describe, expect, it } from 'vitest';
import { check, makeTree } from '../../helpers/security-check.js';

describe('security check: APP_ENV in a production .env file', () => {
  it('APP_ENV=prod in .env.production: env-production-app-env, and the other production rules still run', async () => {
    const root = makeTree({
      '.env.production': 'APP_ENV=prodXk9mP2vQ7\nENABLE_DOCS=true\nSESSION_SECRET_KEY=short\n',
    });
    const r = await check(root, ['--json']);
    const body = JSON.parse(r.stdout);
    expect(r.code).toBe(11);
    const rules = body.findings.map((f: { rule: string }) => f.rule);
    expect(rules).toEqual(
      expect.arrayContaining([
        'env-production-app-env',
        'env-production-enable-docs',
        'env-production-session-secret-key',
      ]),
    );
    expect(r.stdout).not.toContain('prodXk9mP2vQ7');
  });
});
