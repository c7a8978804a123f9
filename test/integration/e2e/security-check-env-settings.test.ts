// A `.env*` name with a YAML or JSON extension (`.env.production.json`) is read as its extension
// says, through the built CLI: its credentials are found, and the dotenv rules (a production .env
// that does not set SESSION_SECRET_KEY) are not applied to a file that sets no variable as a
// dotenv file does; one that holds a workflow definition is judged as one.
import { describe, expect, it } from 'vitest';
import { PLANTS, seeded } from '../../../bench/security-check-secrets.mjs';
import { check, makeTree } from '../../helpers/security-check.js';

const rng = seeded(4242);
const token = () => PLANTS['github-token']?.(rng).secret as string;

describe('security check: .env*.yaml and .env*.json', () => {
  it('credentials found, no dotenv rule, a definition judged as one', async () => {
    const dir = makeTree({
      '.env.production.json': `{"APP_ENV": "production", "GITHUB_TOKEN": "${token()}"}\n`,
      '.env.staging.yaml': 'APP_ENV: production\nDEBUG: "1"\n',
      '.env.wf.yaml': `name: w\nnodes:\n  - id: a\n    type: tool\n    token: ${token()}\n`,
    });
    const r = await check(dir, ['--json']);
    expect(r.code, r.stderr).toBe(11);
    const body = JSON.parse(r.stdout);
    const found = body.findings.map((f: { path: string; rule: string }) => [f.path, f.rule]);
    expect(found).toEqual([
      ['.env.production.json', 'github-token'],
      ['.env.wf.yaml', 'github-token'],
    ]);
    expect(body.files.scanned).toEqual(['.env.production.json', '.env.staging.yaml', '.env.wf.yaml']);
  });

  it('one that does not parse as its extension says: exit 3, named with its line', async () => {
    const dir = makeTree({ '.env.production.yaml': 'a: [1, 2\nb: c\n' });
    const r = await check(dir, []);
    expect(r.code, r.stdout + r.stderr).toBe(3);
    expect(r.stdout + r.stderr).toMatch(/\.env\.production\.yaml:\d+:\d+|\.env\.production\.yaml.*line \d+/);
  });
});
