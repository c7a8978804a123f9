// Secrets written with JSON or YAML escapes, through the built CLI: the rules also run on the
// decoded keys and values (what the platform receives), each finding at its scalar, its source
// masked, and a secret the text scan found is not reported twice.
import { describe, expect, it } from 'vitest';
import { PLANTS, seeded } from '../../../bench/security-check-secrets.mjs';
import { check, expectNoSecret, makeTree } from '../../helpers/security-check.js';

const rng = seeded(83);
const token = () => PLANTS['github-token']?.(rng).secret as string;
const u = (s: string) => [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');

describe('security check: escaped secrets', () => {
  it('JSON: an escaped token, an escaped credential key; the plain one once', async () => {
    const [t, plain] = [token(), 'Zq8wLk29XpR4vTn7Yb'];
    const json = `{"name":"w","nodes":[{"id":"a","type":"tool",\n"api_key":"${plain}",\n"api\\u005fsecret":"Zq8wLk29XpR4vTn7Yc",\n"t":"${u(t.slice(0, 1))}${t.slice(1)}"}]}\n`;
    const root = makeTree({ 'a.json': json });
    const r = await check(root, ['--json']);
    const body = JSON.parse(r.stdout);
    expect(body.findings.map((f: { line: number; rule: string }) => `${f.line} ${f.rule}`)).toEqual([
      '2 generic-credential-entropy',
      '3 generic-credential-entropy',
      '4 github-token',
    ]);
    const text = await check(root, []);
    expectNoSecret([r.stdout, text.stdout], [t]);
    expect(text.stdout).not.toContain(t.slice(5, 12));
  });

  it('YAML: \\x escapes, an escaped line end inside a token, an explicit key', async () => {
    const [a, b] = [token(), token()];
    const yaml = [
      'name: w',
      'nodes:',
      '  - id: a',
      '    type: tool',
      `    t: "gh\\x70${a.slice(3)}"`,
      `    u: "${b.slice(0, 18)}\\`,
      `      ${b.slice(18)}"`,
      '    ? password',
      '    : Zq8wLk29XpR4vTn7Yc',
      '',
    ].join('\n');
    const root = makeTree({ 'w.yaml': yaml });
    const r = await check(root, ['--json']);
    const body = JSON.parse(r.stdout);
    expect(body.findings.map((f: { line: number; rule: string }) => `${f.line} ${f.rule}`)).toEqual([
      '5 github-token',
      '6 github-token',
      '9 generic-credential-entropy',
    ]);
    expectNoSecret([r.stdout, (await check(root, [])).stdout], [a, b]);
  });

  it('YAML: an explicit key in a sequence entry, on a line of its own, in a flow mapping', async () => {
    const V = 'Zq8wLk29XpR4vTn7Yc';
    const root = makeTree({
      'seq.yaml': `nodes: []\nx:\n  - ? password\n    : ${V}\n`,
      'bare.yaml': `nodes: []\n?\n  password\n:\n  ${V}\n`,
      'flow.yaml': `nodes: []\nx: { ? password : ${V} }\n`,
    });
    const r = await check(root, ['--json']);
    const body = JSON.parse(r.stdout);
    expect(
      body.findings.map((f: { path: string; line: number; rule: string }) => `${f.path} ${f.line} ${f.rule}`),
    ).toEqual([
      'bare.yaml 5 generic-credential-entropy',
      'flow.yaml 2 generic-credential-entropy',
      'seq.yaml 4 generic-credential-entropy',
    ]);
  });

  it('JSON nested 10,000 deep with an escaped token: the report, not a stack overflow', async () => {
    const t = token();
    const deep = `${'['.repeat(10_000)}1${']'.repeat(10_000)}`;
    const root = makeTree({ 'deep.json': `{"nodes":[],"d":${deep},\n"t":"gh\\u0070${t.slice(3)}"}\n` });
    const r = await check(root, ['--json']);
    expect([r.code, r.stderr]).toEqual([11, '']);
    const body = JSON.parse(r.stdout);
    expect(body.findings.map((f: { line: number; rule: string }) => `${f.line} ${f.rule}`)).toEqual([
      '2 github-token',
    ]);
  });

  it('YAML: a credential-named key whose value is on the lines below (plain, quoted, block)', async () => {
    const V = 'Xk9mQ2vL8pR4tW7z';
    const root = makeTree({
      'a13.yaml': `nodes: []\npassword:\n  ${V}\n`,
      'a14.yaml': `nodes: []\n"password":\n  "${V}"\n`,
      'a15.yaml': `nodes: []\nenv:\n  API_KEY:\n    ${V}\n`,
      'a16.yaml': `nodes: []\npassword: >-\n  ${V}\n`,
      'a17.yaml': `nodes: []\npassword: |\n  ${V}\n`,
      // Not credentials: a nested mapping under a credential-like key, a reference, a placeholder.
      'no1.yaml': `nodes: []\nsecrets:\n  name: API_KEY\n`,
      'no2.yaml': `nodes: []\napi_key:\n  "{{secrets.API_KEY}}"\n`,
      'no3.yaml': `nodes: []\npassword: |\n  your-password-here\n`,
    });
    const r = await check(root, ['--json']);
    const body = JSON.parse(r.stdout);
    expect(body.findings.map((f: { path: string; rule: string }) => `${f.path} ${f.rule}`)).toEqual(
      ['a13', 'a14', 'a15', 'a16', 'a17'].map((n) => `${n}.yaml generic-credential-entropy`),
    );
    expectNoSecret([r.stdout, (await check(root, [])).stdout], [V]);
  });

  it('key-shaped lines inside a block scalar are text: two 1 MB files of them scan like any other', async () => {
    // Composed as structure, a flow collection 500,000 deep inside one string took 600 MB per file,
    // and two ended the scan out of memory with no report.
    const deep = `nodes: []\nk: |\n  password:\n    ${'['.repeat(500_000)}${']'.repeat(500_000)}\n`;
    const t = token();
    const root = makeTree({ 'b1.yaml': deep, 'b2.yaml': deep, 'real.yaml': `nodes: []\na: ${t}\n` });
    const r = await check(root, ['--json']);
    expect(r.code, r.stderr).toBe(11);
    const body = JSON.parse(r.stdout);
    expect(body.findings.map((f: { path: string; rule: string }) => `${f.path} ${f.rule}`)).toEqual([
      'real.yaml github-token',
    ]);
    expectNoSecret([r.stdout], [t]);
  });

  // Backtracking quadratic in a line's length took 13 s on a 180 KB line and minutes on these; the
  // scan is linear and ends well inside check()'s 60 s kill, which fails the test otherwise.
  it('1 MiB lines of credential words: the scan ends, with nothing found', async () => {
    const root = makeTree({
      'words.yaml': `nodes: []\nk: |\n  ${'key'.repeat(340_000)}\n`,
      'quoted.yaml': `nodes: []\nk: "${'token'.repeat(200_000)}"\n`,
      'string.json': `{"nodes": [], "k": "${'key'.repeat(340_000)}"}\n`,
    });
    const r = await check(root, ['--json']);
    expect(r.code, r.stderr).toBe(0);
    const body = JSON.parse(r.stdout);
    expect([body.totals.findings, body.files.scanned.length, body.files.skipped]).toEqual([0, 3, []]);
  }, 90_000);

  it('a block secret beside a token the text scan found (or a baseline holds) is still reported', async () => {
    const t = token();
    const root = makeTree({ 'b.yaml': `nodes: []\ndb_password: |\n  Xk9mQ2vL8pR4tW7z\n  # old: ${t}\n` });
    const body = JSON.parse((await check(root, ['--json'])).stdout);
    expect(body.findings.map((f: { line: number; rule: string }) => `${f.line} ${f.rule}`)).toEqual([
      '2 generic-credential-entropy',
      '4 github-token',
    ]);
  });

  it("a block scalar's lines are values of their own: a list of names is none, a secret keeps its length", async () => {
    const V = 'Xk9mQ2vL8pR4tW7z';
    const root = makeTree({
      'names.yaml': 'nodes: []\nrequired_secrets: |\n  DB_PASSWORD\n  API_TOKEN\n',
      'block.yaml': `nodes: []\npassword: |\n  ${V}\n`,
    });
    const body = JSON.parse((await check(root, ['--json'])).stdout);
    expect(
      body.findings.map((f: { path: string; secret: { length: number } }) => `${f.path} ${f.secret.length}`),
    ).toEqual(['block.yaml 16']);
  });

  it('a dotenv value in quotes over several lines is checked as dotenv reads it, under its name', async () => {
    const V = 'Xk9mQ2vL8pR4tW7z';
    const root = makeTree({
      '.env': `PASSWORD="\n${V}"\n`,
      '.env.two': `API_KEY="${V}\nsecond-line"\n`,
      '.env.single': `DB_PASSWORD='\n${V}\n'\n`,
      '.env.names': 'NAMES="\nDB_PASSWORD\nAPI_TOKEN"\n',
    });
    const r = await check(root, ['--json']);
    const body = JSON.parse(r.stdout);
    expect(body.findings.map((f: { path: string; line: number }) => `${f.path}:${f.line}`)).toEqual([
      '.env:1',
      '.env.single:1',
      '.env.two:1',
    ]);
    expectNoSecret([r.stdout, (await check(root, [])).stdout], [V]);
  });

  it('the same pair in every other layout YAML and JSON allow', async () => {
    const V = 'Xk9mQ2vL8pR4tW7z';
    const files: Record<string, string> = {
      'anchor.yaml': `nodes: []\npassword: &a\n  ${V}\n`,
      'anchor-block.yaml': `nodes: []\npassword: &a |\n  ${V}\n`,
      'anchor-one-line.yaml': `nodes: []\npassword: &a ${V}\n`,
      'tag.yaml': `nodes: []\npassword: !!str\n  ${V}\n`,
      'tag-one-line.yaml': `nodes: []\npassword: !!str ${V}\n`,
      'comment-between.yaml': `nodes: []\npassword:\n# the value\n  ${V}\n`,
      'flow.yaml': `nodes: []\nx: {password:\n    ${V}}\n`,
      'nested-entries.yaml': `nodes: []\nx:\n- - password:\n      ${V}\n`,
      'quoted-key-space.yaml': `nodes: []\n"my password":\n  ${V}\n`,
      'alias.yaml': `nodes: []\nv: &x ${V}\npassword:\n  *x\n`,
      'next-line.json': `{"nodes": [],\n "password":\n   "${V}"}\n`,
      'anchor-on-key.yaml': `nodes: []\n&p api_token:\n  ${V}\n`,
      'tag-on-key.yaml': `nodes: []\n!!str db_password: |\n  ${V}\n`,
      'flow-tag.yaml': `nodes: []\nx: {password: !!str ${V}}\n`,
    };
    const root = makeTree(files);
    const r = await check(root, ['--json']);
    const body = JSON.parse(r.stdout);
    expect(body.findings.map((f: { path: string; rule: string }) => `${f.path} ${f.rule}`).sort()).toEqual(
      Object.keys(files)
        .map((n) => `${n} generic-credential-entropy`)
        .sort(),
    );
    expectNoSecret([r.stdout, (await check(root, [])).stdout], [V]);
  });

  it('a quoted value whose lines are written as \\n: each line judged on its own, as in a block', async () => {
    const V = 'Zq8wLk29XpR4vTn7Yd';
    const root = makeTree({
      // A list of names (hostile pass 9, H9-8): not a credential, in YAML, JSON or a dotenv file.
      'names.yaml': 'nodes: []\ntokens: "OPENAI_API_KEY\\nANTHROPIC_API_KEY"\n',
      'names.json': '{"nodes":[],"secret_names":"OPENAI_API_KEY\\r\\nANTHROPIC_API_KEY"}\n',
      '.env': 'API_TOKENS="OPENAI_API_KEY\\nANTHROPIC_API_KEY"\n',
      // One random line among them still is.
      'one.yaml': `nodes: []\npassword: "first-line\\n${V}"\n`,
    });
    const r = await check(root, ['--json']);
    expect([r.code, r.stderr]).toEqual([11, '']);
    const body = JSON.parse(r.stdout);
    expect(
      body.findings.map((f: { path: string; line: number; rule: string }) => `${f.path} ${f.line} ${f.rule}`),
    ).toEqual(['one.yaml 2 generic-credential-entropy']);
    expectNoSecret([r.stdout, (await check(root, [])).stdout], [V]);
  });
});
