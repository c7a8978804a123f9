// What `security check` masks and which references it checks, through the built CLI: a secret beside
// a found token on one line of a block, a production .env value an env rule judges (never printed
// whole in any format), and `--env`'s references read from the parsed definition (escapes decoded,
// comments dropped), against the real emulator over TLS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { check, expectNoSecret, expectValidSarif, makeTree } from '../../helpers/security-check.js';
import { runCli } from '../../helpers/spawn-cli.js';

const PASSWORD = `Xk9m${'Q2vL8pR4tW7z'}`;
const TOKEN = `${'ghp'}_${'R8nKq2Lm5ZpX9wTb4VcY7dHs3JfG6uEa1NoQ'}`;

/** The text, JSON and SARIF reports of one tree (each run with `extra`). */
async function allFormats(root: string, extra: string[] = [], env?: Record<string, string>) {
  const text = await check(root, extra, { env });
  const json = await check(root, [...extra, '--json'], { env });
  const sarif = await check(root, [...extra, '--format', 'sarif'], { env });
  expectValidSarif(sarif.stdout);
  return { text, json, sarif, all: [text, json, sarif].flatMap((r) => [r.stdout, r.stderr]) };
}

const places = (stdout: string) =>
  (JSON.parse(stdout).findings as Array<{ rule: string; line: number; column: number }>).map(
    (f) => `${f.line}:${f.column} ${f.rule}`,
  );

describe('a block value beside a found token', () => {
  it('the password on the token line is its own finding, and no report prints it', async () => {
    const root = makeTree({ 'same.yaml': `nodes: []\ndb_password: |\n  ${PASSWORD} ${TOKEN}\n` });
    const { text, json, all } = await allFormats(root);
    expect(places(json.stdout)).toEqual(['2:14 generic-credential-entropy', '3:20 github-token']);
    expect(text.code).toBe(11);
    // The token's excerpt masks the whole line, indent too: it is inside the password's block.
    expect(text.stdout).toContain(`  3 | ${'*'.repeat(2 + PASSWORD.length + 1 + TOKEN.length)}\n`);
    expectNoSecret(all, [PASSWORD, TOKEN]);
  });

  it('what is on both sides of a token is checked, each part alone', async () => {
    const root = makeTree({ 'two.yaml': `nodes: []\ntoken: |\n  ${TOKEN} ${PASSWORD}\n  ok\n` });
    const { json, all } = await allFormats(root);
    expect(places(json.stdout)).toEqual(['2:8 generic-credential-entropy', '3:3 github-token']);
    expectNoSecret(all, [PASSWORD, TOKEN]);
  });
});

const PRODUCTION = (session: string, docs = 'false') =>
  `APP_ENV=production\nSESSION_SECRET_KEY=${session}\nENABLE_DOCS=${docs}\nENABLE_DEVELOPER_ROUTES=false\nTRUSTED_PROXY_HOSTS=10.0.0.1\n`;

describe('a production .env value an env rule judges', () => {
  // Its first 4 characters only when 16 stay hidden, as for any found secret.
  for (const [what, session, shown] of [
    ['too short', `Hunt${'er2Summer!x'}`, ''],
    ['a passphrase', `correct ${'horse battery staple'}`, 'corr'],
  ] as const)
    it(`SESSION_SECRET_KEY ${what}: masked in the excerpt, in no format whole`, async () => {
      const root = makeTree({ '.env.production': PRODUCTION(session) });
      const { text, all } = await allFormats(root, ['.']);
      expect(text.code).toBe(11);
      expect(text.stdout).toContain('env-production-session-secret-key');
      const masked = shown + '*'.repeat(session.length - shown.length);
      expect(text.stdout).toContain(`  2 | SESSION_SECRET_KEY=${masked}\n`);
      expectNoSecret(all, [session]);
    });

  it('a value pasted into another variable keeps no more than its message shows', async () => {
    const pasted = `Hunt${'er2Summer!x'}`;
    const root = makeTree({ '.env.production': PRODUCTION(`${'a1B2'.repeat(10)}`, pasted) });
    const { text, all } = await allFormats(root, ['.']);
    expect(text.code).toBe(11);
    expect(text.stdout).toContain('ENABLE_DOCS="Hunt…" (15 characters) is not a boolean');
    expect(text.stdout).toContain(`  3 | ENABLE_DOCS=Hunt${'*'.repeat(pasted.length - 4)}\n`);
    expectNoSecret(all, [pasted]);
  });
});
