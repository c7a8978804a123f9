// The generic rule's recall, through the built CLI: a credential value is judged whole whatever
// characters it holds (generated passwords over every printable character, a quoted value over
// 1,024 characters), a credential key by its words whatever stands between them (`Admin Password
// (prod)`, `api_key[0]`) or glued to them (`db_password2`, `DBPassword`, `dbpassword`), and a random
// lowercase key with a separator is no name (`key-3bx7…`). Decoys of each kind stay unreported.
import { describe, expect, it } from 'vitest';
import { seeded } from '../../../bench/security-check-secrets.mjs';
import { check, expectNoSecret, makeTree } from '../../helpers/security-check.js';

const PRINTABLE = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)).join('');
const NO_QUOTES = PRINTABLE.replace(/["'`\\]/g, '');
const pick = (rng: () => number, chars: string, n: number) =>
  Array.from({ length: n }, () => chars[Math.floor(rng() * chars.length)]).join('');

/** `line:column rule` of each finding in a text report. */
function findings(stdout: string): string[] {
  return [...stdout.matchAll(/^ +(\d+):(\d+) +\w+ +([a-z0-9-]+) /gm)].map((m) => `${m[1]}:${m[2]} ${m[3]}`);
}

const rules = (stdout: string) => findings(stdout).map((f) => f.split(' ')[1]);
const yamlSingle = (s: string) => `'${s.replace(/'/g, "''")}'`;

describe('security check: a credential value is judged whole, whatever it holds', () => {
  it('50 passwords of 32 printable characters: 50 findings in JSON, YAML and .env, none printed', async () => {
    const rng = seeded(1511);
    const all = Array.from({ length: 50 }, () => pick(rng, PRINTABLE, 32));
    const plain = Array.from({ length: 50 }, () => pick(rng, NO_QUOTES, 32));
    const json = `{"nodes": [],\n${all.map((p, i) => `  "db_password_${i}": ${JSON.stringify(p)}`).join(',\n')}\n}\n`;
    const yaml = `nodes: []\n${all.map((p, i) => `db_password_${i}: ${yamlSingle(p)}`).join('\n')}\n`;
    const env = `${plain.map((p, i) => `DB_PASSWORD_${i}='${p}'`).join('\n')}\n`;
    const root = makeTree({ 'gen.json': json, 'gen.yaml': yaml, '.env': env });
    for (const file of ['gen.json', 'gen.yaml', '.env']) {
      const r = await check(root, [file]);
      expect(rules(r.stdout), file).toEqual(Array(50).fill('generic-credential-entropy'));
      expect(r.code).toBe(11);
      expectNoSecret([r.stdout, r.stderr], file === '.env' ? plain : all);
    }
  });

  it('the hostile report`s symbols, quoted and plain, in a workflow: each value found', async () => {
    const values = ['Xk9m(Q2vL8pR4tW7z', 'aB3$dE5[fG7]hJ9kL1', '7#kP;x(2Lq)v9!Wz', 'Xk9m<Q2vL8pR4tW7z>'];
    const more = ['Xk9m,Q2vL8pR4tW7z', 'Xk9m}Q2vL8pR4tW7z', 'k9;m2Q;vL8;pR4;tW', '9vK(q2Lm]Xp7;Rt4'];
    const lines = [...values, ...more].flatMap((v, i) => [
      `    db_password_${i}: "${v}"`,
      `    api_key_${i}: ${yamlSingle(v)}`,
      `    secret_${i}: ${v}`,
    ]);
    const wf = `name: d\nversion: 1\nnodes:\n  - id: a\n    type: tool\n    prompt: "x"\n${lines.join('\n')}\nedges: []\n`;
    const root = makeTree({ 'symwf.yaml': wf });
    const r = await check(root, ['symwf.yaml']);
    expect(rules(r.stdout)).toEqual(Array(lines.length).fill('generic-credential-entropy'));
    expectNoSecret([r.stdout], [...values, ...more]);
  });

  it('a value with symbols in every layout: a block, below its key, escaped JSON, an escaped key, .env over lines', async () => {
    const v = '9vK(q2Lm]Xp7;Rt4';
    const root = makeTree({
      'a.yaml': `nodes: []\ndb_password: |\n  ${v}\n`,
      'b.yaml': `nodes: []\ndb_password:\n  ${v}\n`,
      'c.json': `{"nodes": [], "x": "\\u0041", "db_password": "${v}"}\n`,
      'e.yaml': `nodes: []\n"db_pass\\x77ord": "${v}"\n`,
      '.env': `DB_PASSWORD="\n${v}\n"\n`,
    });
    const r = await check(root, ['--format', 'json']);
    const body = JSON.parse(r.stdout) as { findings: Array<{ path: string; rule: string }> };
    expect(body.findings.map((f) => `${f.path} ${f.rule}`).sort()).toEqual(
      ['.env', 'a.yaml', 'b.yaml', 'c.json', 'e.yaml'].map((f) => `${f} generic-credential-entropy`),
    );
    expectNoSecret([r.stdout, r.stderr], [v]);
  });

  it('a quoted value over 1,024 characters is found, in YAML and JSON, and masked whole', async () => {
    const long = pick(seeded(1024), NO_QUOTES.replace(/[^A-Za-z0-9]/g, ''), 1100);
    const root = makeTree({
      'long.yaml': `nodes: []\napi_key: "${long}"\n`,
      'long.json': `{"nodes": [], "api_key": "${long}"}\n`,
    });
    for (const file of ['long.yaml', 'long.json']) {
      const r = await check(root, [file]);
      expect(findings(r.stdout), file).toEqual([
        expect.stringMatching(/^\d+:\d+ generic-credential-entropy$/),
      ]);
      expect(r.stdout).toContain('1100 characters');
      expectNoSecret([r.stdout], [long]);
    }
  });

  it('a production SESSION_SECRET_KEY with punctuation is the hardcoded credential it is', async () => {
    const key = 'q(7K;x2]Lm9<Vp4>Wz8{Rt3}Bn6,Yc1[Hd5)Jf0';
    const root = makeTree({ '.env.production': `APP_ENV=production\nSESSION_SECRET_KEY='${key}'\n` });
    const r = await check(root, ['.env.production']);
    expect(findings(r.stdout)).toContain('2:21 generic-credential-entropy');
    // Long enough for the server: the startup rule's length test took the whole value.
    expect(rules(r.stdout)).not.toContain('env-production-session-secret-key');
    expectNoSecret([r.stdout], [key]);
  });

  it('prose, calls and references under credential keys stay unreported', async () => {
    const root = makeTree({
      'd.yaml': [
        'nodes: []',
        'auth_note: "basic authentication over TLS (see the runbook)"',
        'password: getPassword()',
        'api_key: "{{secrets.API_KEY}}"',
        'token: "<your-token-here>"',
        'secret_name: "OPENAI_API_KEY"',
        'token_url: "https://auth.internal.test/oauth/token"',
        'password_hint: "ask (the) ops team; never [here]"',
        'keys: [a, b, c]',
        'api_keys: {primary: "{{secrets.A}}", backup: "{{secrets.B}}"}',
        '',
      ].join('\n'),
      'd.json':
        '{"nodes": [], "api_key": "{{secrets.API_KEY}}", "token_type": "Bearer (RFC 6750); see docs"}\n',
    });
    const r = await check(root, ['d.yaml', 'd.json']);
    expect(findings(r.stdout)).toEqual([]);
    expect(r.code).toBe(0);
  });

  // SC-DEFAULT: words with a run counted in order were reported as hardcoded credentials (the run
  // made the entropy test pass); SC-PWGEN: 8-character generated passwords were never reported.
  it('examples and defaults counted in order stay quiet; short generated passwords are found', async () => {
    const quiet = [
      'test-api-key-12345',
      'sk-test-1234567890',
      'token-0123456789',
      'secret-key-987654321',
      'Test1234567890',
      'admin12345678',
      'abc123def456ghi789',
      'ABCDEFGHIJKL1234',
    ];
    const generated = ['G7p#L2w9', 'mF7#qZ2!', 'Xk9mQ2vL7pR4-1234'];
    const values = [...quiet, ...generated];
    const yaml = `name: w\nnodes: []\n${values.map((v, i) => `api_key_${i}: "${v}"`).join('\n')}\n`;
    const env = `${values.map((v, i) => `API_KEY_${i}='${v}'`).join('\n')}\n`;
    const root = makeTree({ 'w.yaml': yaml, '.env': env });
    for (const [file, first] of [
      ['w.yaml', 3],
      ['.env', 1],
    ] as const) {
      const r = await check(root, [file]);
      expect(r.code, file).toBe(11);
      const lines = generated.map((_, i) => `${first + quiet.length + i}`);
      expect(
        findings(r.stdout).map((f) => f.split(':')[0]),
        file,
      ).toEqual(lines);
      expect(rules(r.stdout)).toEqual(generated.map(() => 'generic-credential-entropy'));
      expectNoSecret([r.stdout, r.stderr], generated);
    }
  });
});
