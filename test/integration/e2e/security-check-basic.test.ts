// `Authorization: Basic <base64 of user:password>` through the built CLI: reported in YAML, JSON and
// .env, in every format without the base64 or the password it decodes to; references,
// placeholders and documented examples are not reported.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DECOYS, PLANTS, seeded } from '../../../bench/security-check-secrets.mjs';
import { check, expectNoSecret, expectValidSarif, makeTree } from '../../helpers/security-check.js';

const rng = seeded(7617);
const b64 = (s: string) => Buffer.from(s).toString('base64');
/** A planted credential: the base64 and the password it decodes to. */
function credential(): { secret: string; password: string } {
  const secret = PLANTS['basic-authorization']?.(rng).secret as string;
  const decoded = Buffer.from(secret, 'base64').toString('utf8');
  return { secret, password: decoded.slice(decoded.indexOf(':') + 1) };
}

interface JsonFinding {
  rule: string;
  path: string;
  line: number;
  column: number;
  message: string;
  secret: { prefix: string | null; length: number } | null;
}

describe('security check: a literal Basic credential', () => {
  it('is reported in YAML (quoted or not), JSON and .env, and never printed in any format', async () => {
    const [a, b, c, d, e] = [credential(), credential(), credential(), credential(), credential()];
    const root = makeTree({
      'quoted.yaml': `nodes: []\nheaders:\n  Authorization: "Basic ${a.secret}"\n`,
      'plain.yaml': `nodes: []\nheaders:\n  authorization: basic ${b.secret}\n`,
      'wf.json': `{"nodes": [], "headers": {"Authorization": "Basic ${c.secret}"}}\n`,
      '.env': `AUTH_HEADER="Basic ${d.secret}"\nPROXY_AUTHORIZATION=Basic ${e.secret}\n`,
    });
    const all = [a, b, c, d, e];
    const secrets = all.flatMap((x) => [x.secret, x.password]);

    const json = await check(root, ['--json', '--output', 'report.json', '--write-baseline', 'base.json']);
    expect(json.code).toBe(0);
    const r = await check(root, ['--json']);
    expect(r.code).toBe(11);
    const list: JsonFinding[] = JSON.parse(r.stdout).findings;
    expect(list.map((f) => `${f.path}:${f.line}:${f.column} ${f.rule}`)).toEqual([
      '.env:1:20 basic-authorization',
      '.env:2:27 basic-authorization',
      'plain.yaml:3:24 basic-authorization',
      'quoted.yaml:3:25 basic-authorization',
      'wf.json:1:51 basic-authorization',
    ]);
    for (const f of list) {
      expect(f.secret?.length).toBe(all[0]?.secret.length);
      expect(f.message).toMatch(
        /^A literal HTTP Basic credential .* is hardcoded here \(\S{4}…, \d+ characters\)$/,
      );
    }

    const text = await check(root, []);
    expect(text.code).toBe(11);
    expect(text.stdout).toContain('error   basic-authorization');
    expect(text.stdout).toContain(
      `Authorization: "Basic ${a.secret.slice(0, 4)}${'*'.repeat(a.secret.length - 4)}"`,
    );
    const sarif = await check(root, ['--format', 'sarif']);
    expect(sarif.code).toBe(11);
    const log = expectValidSarif(sarif.stdout);
    expect(log.runs[0]?.results?.length).toBe(5);

    const written = ['report.json', 'base.json'].map((f) => readFileSync(join(root, f), 'utf8'));
    const outputs = [r.stdout, r.stderr, text.stdout, text.stderr, sarif.stdout, sarif.stderr, json.stderr];
    expectNoSecret([...outputs, ...written], secrets);
    // The password never appears decoded, whole or in part.
    for (const { password } of all)
      for (const out of [...outputs, ...written]) expect(out).not.toContain(password.slice(0, 8));
  });

  it('references, placeholders, an empty password and prose are not reported, in YAML, JSON or .env', async () => {
    const decoys = DECOYS.filter((d: string) => /basic/i.test(d));
    expect(decoys.length).toBeGreaterThanOrEqual(8);
    const value = (d: string) => d.slice(d.indexOf(': ') + 2).replace(/^"|"$/g, '');
    const more = [
      `Basic ${b64('ci:{{secrets.CI_PASSWORD}}')}`,
      `Basic ${b64('user:')}`,
      `Basic ${b64('svc:xxxxxxxx')}`,
      `Basic ${b64('svc:changeme')}`,
      // Not base64 of text: random-looking words after "basic".
      'Basic understanding',
      'basic workflow',
      `Basic ${b64('svc')}`,
    ];
    const values = [...decoys.map(value), ...more];
    const root = makeTree({
      'wf.yaml': `nodes: []\nheaders:\n${values.map((v) => `  - auth_header: "${v}"\n    Authorization: ${JSON.stringify(v)}\n`).join('')}`,
      'wf.json': `{"nodes": [], "headers": [${values.map((v) => JSON.stringify({ Authorization: v })).join(',\n')}]}\n`,
      '.env': values
        .map((v, i) => `AUTH_HEADER_${i}="${v.replace(/"/g, '')}"\nAUTHORIZATION_${i}=${JSON.stringify(v)}\n`)
        .join(''),
    });
    const r = await check(root, ['--json']);
    const body = JSON.parse(r.stdout);
    expect(body.findings.map((f: JsonFinding) => `${f.path}:${f.line} ${f.rule}`)).toEqual([]);
    expect(body.files, JSON.stringify(body.files)).toMatchObject({
      scanned: ['.env', 'wf.json', 'wf.yaml'],
      unreadable: [],
    });
    expect(r.code).toBe(0);
  });

  it('a token after any other scheme word is reported; references, names, Digest and AWS4 are not', async () => {
    const token = () => PLANTS['scheme-authorization']?.(rng).secret as string;
    const [a, b, c, d, e, f] = [token(), token(), token(), token(), token(), token()];
    const decoys = DECOYS.filter((x: string) => /^Authorization: "?(?!Basic|Bearer)/.test(x));
    expect(decoys.length).toBeGreaterThanOrEqual(6);
    const root = makeTree({
      'wf.yaml': `nodes: []\nheaders:\n  - Authorization: Token ${a}\n${decoys.map((x: string) => `  - ${x}\n`).join('')}`,
      'wf.json': `{"nodes": [], "headers": {"Authorization": "ApiKey ${b}"}}\n`,
      // A .env file has no header: a variable named for one holds its value.
      '.env': `PROXY_AUTHORIZATION="SSWS ${c}"\nCURL_ARGS="-H 'Authorization: Bot ${d}'"\nAUTH_HEADER="Bearer ${e}"\nAPI_AUTH_HEADER=Token ${f}\n`,
    });
    const r = await check(root, ['--json']);
    expect(r.code).toBe(11);
    const list: JsonFinding[] = JSON.parse(r.stdout).findings;
    expect(list.map((f) => `${f.path}:${f.line}:${f.column} ${f.rule}`)).toEqual([
      '.env:1:27 scheme-authorization',
      '.env:2:35 scheme-authorization',
      '.env:3:21 bearer-authorization',
      '.env:4:23 scheme-authorization',
      'wf.json:1:52 scheme-authorization',
      'wf.yaml:3:26 scheme-authorization',
    ]);
    const text = await check(root, []);
    expectNoSecret([r.stdout, text.stdout, text.stderr], [a, b, c, d, e, f]);
  });

  it('--list-rules names both rules, in text and JSON', async () => {
    const root = makeTree({});
    const text = await check(root, ['--list-rules']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^basic-authorization\s+error\s+A literal HTTP Basic credential/m);
    expect(text.stdout).toMatch(/^scheme-authorization\s+error\s+A literal credential after a scheme word/m);
    const json = await check(root, ['--list-rules', '--json']);
    const list = JSON.parse(json.stdout) as { id: string; fix: string }[];
    expect(list.find((x) => x.id === 'basic-authorization')?.fix).toContain('{{secrets.BASIC_AUTH}}');
    expect(list.find((x) => x.id === 'scheme-authorization')?.fix).toContain('{{secrets.API_TOKEN}}');
  });

  it('a credential written with JSON escapes is found by the decoded pass', async () => {
    const [{ secret }, { secret: other }] = [credential(), credential()];
    const u = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    const json = `{"nodes": [], "h": {"Authorization": "${u('B')}asic ${secret}", "a": "Basic ${other.slice(0, 1)}${u(other.slice(1, 2))}${other.slice(2)}"}}\n`;
    const root = makeTree({ 'e.json': json });
    const r = await check(root, ['--json']);
    expect(r.code).toBe(11);
    const list: JsonFinding[] = JSON.parse(r.stdout).findings;
    expect(list.map((f) => `${f.line} ${f.rule}`)).toEqual([
      '1 basic-authorization',
      '1 basic-authorization',
    ]);
    expectNoSecret([r.stdout, (await check(root, [])).stdout], [secret, other]);
  });
});
