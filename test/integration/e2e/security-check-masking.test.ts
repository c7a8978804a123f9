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

describe('a quoted .env value over several lines, beside a found token', () => {
  it('the password on the token line is its own finding, and no report prints it', async () => {
    const root = makeTree({ '.env': `DB_PASSWORD="\n${PASSWORD} ${TOKEN}\n"\n` });
    const { text, json, all } = await allFormats(root, ['.']);
    expect(places(json.stdout)).toEqual(['1:13 generic-credential-entropy', '2:18 github-token']);
    expect(text.stdout).toContain(`  2 | ${'*'.repeat(PASSWORD.length + 1 + TOKEN.length)}\n`);
    expectNoSecret(all, [PASSWORD, TOKEN]);
  });
});

describe('a found secret written again on its line, where no rule finds it', () => {
  // Hostile pass 15, H15-1: the second copy was printed whole in the text report.
  const BEARER = `Zq8v${'X3mN7pL2kR9tY4wB6cF1hJ5dS0gH'}`;
  it('JSON: a note beside the Authorization header is masked too, in every format', async () => {
    const root = makeTree({
      'w.json': `${JSON.stringify({ name: 'w', nodes: [{ id: 'a', type: 'tool', headers: { Authorization: `Bearer ${BEARER}` }, note: BEARER }], edges: [] })}\n`,
    });
    const { text, all } = await allFormats(root);
    expect(text.code).toBe(11);
    expect(text.stdout).toContain(`"note":"Zq8v${'*'.repeat(BEARER.length - 4)}"`);
    expectNoSecret(all, [BEARER]);
  });

  it('YAML: the other field of a flow mapping, holding the password of its URL, is masked too', async () => {
    const root = makeTree({
      'y.yaml': `name: y\nnodes: [{id: a, type: tool, config: {url: "postgres://u:${BEARER}@db/x", note: "${BEARER}"}}]\nedges: []\n`,
    });
    const { text, all } = await allFormats(root);
    expect(text.code).toBe(11);
    expect(text.stdout).toContain(`note: "Zq8v${'*'.repeat(BEARER.length - 4)}"`);
    expectNoSecret(all, [BEARER]);
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

describe('--env checks the references of the parsed definition', () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startEmulator();
    const r = await runCli(['secret', 'set', 'API_KEY', '--env', 'production'], {
      env: emu.env,
      input: 'value-never-read\n',
    });
    if (r.code !== 0) throw new Error(r.stderr);
  });
  afterAll(async () => {
    await emu.stop();
  });

  const missing = (stdout: string) =>
    (JSON.parse(stdout).findings as Array<{ rule: string; line: number; column: number; message: string }>)
      .filter((f) => f.rule === 'secret-reference-missing')
      .map(
        (f) =>
          `${f.line}:${f.column} ${f.message.replace(/ is not set in production nor in the shared scope$/, '')}`,
      );

  it('YAML references written with escapes are checked, each at its scalar', async () => {
    const root = makeTree({
      'k4.yaml': [
        'name: r',
        'version: 1',
        'nodes:',
        '  - id: a',
        '    type: llm',
        '    p1: "{{secrets.API_KEY}} {{secrets.MISS_PLAIN}}"',
        '    p2: "{{secrets.MISS_\\',
        '      ESC}}"',
        '    p3: "{{secrets.MISS_\\u0055NI}}"',
        '    p4: "{{secrets.\\x4dISS_HEX}}"',
        '    p5: "{{secrets.API_\\u004bEY}}"',
        'edges: []',
        '',
      ].join('\n'),
    });
    const { json, text } = await allFormats(root, ['--env', 'production'], emu.env);
    expect(json.code).toBe(11);
    expect(missing(json.stdout)).toEqual([
      '6:30 {{secrets.MISS_PLAIN}}',
      '7:9 {{secrets.MISS_ESC}}',
      '9:9 {{secrets.MISS_UNI}}',
      '10:9 {{secrets.MISS_HEX}}',
    ]);
    expect(text.stdout).toContain('fibonacci secret set MISS_UNI --env production');
  });

  it('a JSON reference written with an escape is checked', async () => {
    const root = makeTree({
      'k5.json': `{"name":"r","version":1,"nodes":[{"id":"a","type":"llm","p":"{{secrets.MISS_J\\u0053ON}}","q":"{{secrets.API_KEY}}"}],"edges":[]}`,
    });
    const r = await check(root, ['--env', 'production', '--json'], { env: emu.env });
    expect(r.code).toBe(11);
    // Decoded, it is not what the text shows there: placed at its string's opening quote.
    expect(missing(r.stdout)).toEqual(['1:61 {{secrets.MISS_JSON}}']);
  });

  it('a reference in a YAML comment is not one: the gate passes what the server runs', async () => {
    const root = makeTree({
      'k7.yaml': [
        'name: r',
        'version: 1',
        '# old: {{secrets.MISS_COMMENT}}',
        'nodes:',
        '  - id: a',
        '    type: llm',
        '    prompt: "x #{{secrets.MISS_QUOTED}}" # was {{secrets.MISS_TRAIL}}',
        '    note: |',
        '      # kept: {{secrets.MISS_BLOCK}}',
        'edges: []',
        '',
      ].join('\n'),
    });
    const r = await check(root, ['--env', 'production', '--json'], { env: emu.env });
    // A `#` inside a quoted scalar or a block is the string's own text, not a comment.
    expect(missing(r.stdout)).toEqual(['7:17 {{secrets.MISS_QUOTED}}', '9:15 {{secrets.MISS_BLOCK}}']);
    expect(r.code).toBe(11);
  });

  it('a token pasted as an escaped reference name is never printed, in any format', async () => {
    const root = makeTree({
      'w.yaml': `nodes:\n  - id: a\n    key: "{{secrets.\\u0067${TOKEN.slice(1)}}}"\n`,
    });
    const { text, all } = await allFormats(root, ['--env', 'production'], emu.env);
    expect(text.code).toBe(11);
    expect(text.stdout).toContain('reference (its name of 40 characters not repeated here)');
    expectNoSecret(all, [TOKEN]);
  });
});

describe('a fibonacci.yaml value its message does not print', () => {
  it('the excerpt does not print it either (SOC 2 control, policy permission), in no format', async () => {
    const pasted = `Hunt${'er2Summer!xQ'}`;
    const root = makeTree({
      'fibonacci.yaml': `access_control:\n  enabled: true\n  roles:\n    - name: r\n      permissions: ["${pasted}"]\ncompliance:\n  soc2:\n    controls:\n      - ${pasted}\n`,
    });
    const { text, all } = await allFormats(root, ['.']);
    expect(text.code).toBe(11);
    expect(text.stdout).toContain('unknown permission "…" (16 characters, not repeated here)');
    expect(text.stdout).toContain('a value of 16 characters is not a SOC 2 Trust Services Criteria id');
    expect(text.stdout).toContain(`  5 |       permissions: [${'*'.repeat(pasted.length + 3)}\n`);
    expect(text.stdout).toContain(`  9 |       - ${'*'.repeat(pasted.length)}\n`);
    expectNoSecret(all, [pasted]);
  });
});
