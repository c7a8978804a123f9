// A password in a URL runs to the authority's last `@`, as RFC 3986 parsers, WHATWG URL and curl
// read it: through the built CLI, one holding a raw `@` is found whole (its length, nothing of its
// tail printed, the baseline keyed by all of it), and one holding a `'` is found at all.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, expectNoSecret, makeTree } from '../../helpers/security-check.js';

const AT = 'Xk9m@Q2vL8pR4tW7z';
const QUOTE = "Xk9m'Q2vL8pR4tW7z";
const url = (password: string) => `postgres://app:${password}@db.internal/app`;

describe('security check: a URL password', () => {
  it('with a raw @: found whole in YAML and .env, its tail never printed', async () => {
    expect(new URL(url(AT)).host).toBe('db.internal');
    const root = makeTree({
      'u1.yaml': `nodes: []\ndb: "${url(AT)}"\n`,
      '.env': `DATABASE_URL=${url(AT)}\n`,
    });
    for (const file of ['u1.yaml', '.env']) {
      const r = await check(root, [file]);
      expect(r.stdout, file).toMatch(/ error +url-credentials .*\(17 characters\)/);
      expect(r.stdout).toContain('postgres://app:*****************@db.internal/app');
      expectNoSecret([r.stdout], [AT, 'Q2vL8pR4tW7z']);
      expect(r.code).toBe(11);
    }
  });

  it('with a raw @: a changed tail is a new finding, not one the baseline accepted', async () => {
    const root = makeTree({ 'u1.yaml': `nodes: []\ndb: "${url(AT)}"\n` });
    expect((await check(root, ['--write-baseline', 'b.json', 'u1.yaml'])).code).toBe(0);
    writeFileSync(join(root, 'u1.yaml'), `nodes: []\ndb: "${url('Xk9m@NEWtail99ZZqq')}"\n`);
    const r = await check(root, ['--baseline', 'b.json', 'u1.yaml']);
    expect(r.stdout).toMatch(/ error +url-credentials /);
    expect(r.code).toBe(11);
  });

  it("with a ': found in YAML and a quoted .env value", async () => {
    expect(new URL(url(QUOTE)).password).toBe(QUOTE);
    const root = makeTree({
      'q.yaml': `nodes: []\ndb: "${url(QUOTE)}"\n`,
      '.env': `DATABASE_URL="${url(QUOTE)}"\n`,
    });
    for (const file of ['q.yaml', '.env']) {
      const r = await check(root, [file]);
      expect(r.stdout, file).toMatch(/ error +url-credentials .*\(17 characters\)/);
      expectNoSecret([r.stdout], [QUOTE]);
    }
  });

  it('a reference or an e-mail address after the host stays what it was', async () => {
    const ref = ['$', '{DB_PASSWORD}'].join('');
    const root = makeTree({
      'r.yaml': `nodes: []\ndb: "postgres://app:${ref}@db.internal/app"\nnote: "mail ops@example.org"\n`,
    });
    const r = await check(root, ['r.yaml']);
    expect(r.stdout).not.toMatch(/url-credentials/);
    expect(r.code).toBe(0);
  });
});
