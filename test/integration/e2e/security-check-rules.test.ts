// `fibonacci security check` through the built CLI: inline ignores, baselines that survive moved
// lines, production .env rules identical to the emulator's, fibonacci.yaml and input_schema rules.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLANTS, seeded } from '../../../bench/security-check-secrets.mjs';
import { check, expectNoSecret, makeTree } from '../../helpers/security-check.js';
import { runCli } from '../../helpers/spawn-cli.js';

const rng = seeded(7);
const token = () => PLANTS['github-token']?.(rng).secret as string;
const workflow = (...lines: string[]) =>
  `name: w\nnodes:\n  - id: a\n    type: tool\n${lines.map((l) => `    ${l}\n`).join('')}`;

interface JsonFinding {
  rule: string;
  level: string;
  path: string;
  line: number;
  column: number;
  message: string;
}
async function findings(
  root: string,
  args: string[] = [],
): Promise<{ code: number; list: JsonFinding[]; body: { totals: Record<string, number> } }> {
  const r = await check(root, ['--json', ...args]);
  const body = JSON.parse(r.stdout);
  return { code: r.code, list: body.findings, body };
}
const brief = (list: JsonFinding[]) =>
  list.map((f) => `${f.path}:${f.line}:${f.column} ${f.level} ${f.rule}`);

describe('security check: fibonacci:ignore', () => {
  it('silences its rule on the same line and the next, needs a reason, and says what it silenced', async () => {
    const [a, b, c, d] = [token(), token(), token(), token()];
    const root = makeTree({
      'w.yaml': workflow(
        `same: ${a} # fibonacci:ignore github-token a revoked token kept as a test fixture`,
        '# fibonacci:ignore github-token the sandbox token, read-only',
        `next: ${b}`,
        '# fibonacci:ignore github-token',
        `no_reason: ${c}`,
        '# fibonacci:ignore jwt wrong rule named',
        `other_rule: ${d}`,
      ),
    });
    const { code, list, body } = await findings(root);
    expect(code).toBe(11);
    expect(brief(list)).toEqual([
      'w.yaml:8:7 warning ignore-comment-invalid',
      'w.yaml:9:16 error github-token',
      'w.yaml:11:17 error github-token',
    ]);
    expect(list[0]?.message).toBe('fibonacci:ignore github-token gives no reason; it silences nothing');
    expect(body.totals).toMatchObject({ suppressed_inline: 2 });
    const text = await check(root, []);
    expect(text.stdout).toContain('; silenced: 2 by fibonacci:ignore\n');
  });
});

describe('security check: baselines', () => {
  it('records rule, path and hash only; silences what it holds even after lines move; new findings fail', async () => {
    const [a, b, c] = [token(), token(), token()];
    const root = makeTree({ 'w.yaml': workflow(`one: ${a}`, `two: ${b}`) });
    const wrote = await check(root, ['--write-baseline', 'baseline.json']);
    expect(wrote.code).toBe(0);
    expect(wrote.stderr).toBe('Recorded 2 findings in the baseline baseline.json\n');
    const text = readFileSync(join(root, 'baseline.json'), 'utf8');
    expectNoSecret([text], [a, b]);
    const saved = JSON.parse(text);
    expect(saved).toMatchObject({ version: 2, tool: 'fibonacci security check' });
    expect(saved.findings.map((f: object) => Object.keys(f))).toEqual([
      ['rule', 'path', 'hash'],
      ['rule', 'path', 'hash'],
    ]);

    expect((await findings(root, ['--baseline', 'baseline.json'])).code).toBe(0);
    // Lines move: two new lines above, the two secrets swapped. Nothing churns.
    writeFileSync(join(root, 'w.yaml'), `# moved\n# again\n${workflow(`two: ${b}`, `one: ${a}`)}`);
    const moved = await findings(root, ['--baseline', 'baseline.json']);
    expect([moved.code, moved.list, moved.body.totals.suppressed_baseline]).toEqual([0, [], 2]);
    // A new secret is reported, and only it.
    writeFileSync(join(root, 'w.yaml'), workflow(`two: ${b}`, `one: ${a}`, `three: ${c}`));
    const added = await findings(root, ['--baseline', 'baseline.json']);
    expect([added.code, brief(added.list)]).toEqual([11, ['w.yaml:7:12 error github-token']]);
  });

  it('a baseline that is missing or not one is exit 3 with a hint', async () => {
    const root = makeTree({ 'bad.json': '{"findings": "no"}' });
    const missing = await check(root, ['--baseline', 'nope.json']);
    expect([missing.code, missing.stderr]).toEqual([
      3,
      'error: cannot read the baseline nope.json: no such file\nhint: write one with `fibonacci security check --write-baseline FILE`\n',
    ]);
    const bad = await check(root, ['--baseline', 'bad.json']);
    expect([bad.code, bad.stderr]).toEqual([
      3,
      'error: bad.json is not a security check baseline: it has no "version" (a version 2 one is expected)\nhint: write one with `fibonacci security check --write-baseline FILE`\n',
    ]);
  });
});

describe("security check: production .env files, judged by the emulator's own rules", () => {
  const prod =
    'APP_ENV=production\nSESSION_SECRET_KEY=short\nENABLE_DOCS=true\nENABLE_DEVELOPER_ROUTES=false\n';

  it("reports what `emulator start` refuses, with the same messages, at the variables' lines", async () => {
    const root = makeTree({ 'deploy/prod.env': prod });
    const { code, list } = await findings(root);
    expect([code, brief(list)]).toEqual([
      11,
      [
        'deploy/prod.env:1:1 warning env-production-trusted-proxy-hosts',
        'deploy/prod.env:2:1 error env-production-session-secret-key',
        'deploy/prod.env:3:1 error env-production-enable-docs',
      ],
    ]);
    const emulator = await runCli([
      'emulator',
      'start',
      '--env-file',
      join(root, 'deploy/prod.env'),
      '--data-dir',
      join(root, 'd'),
    ]);
    expect(emulator.code).toBe(3);
    const said = emulator.stderr.split('\n').map((l) => l.replace(/^(?:warning|error): /, ''));
    // The same words, but security check says which file a variable is not set in.
    for (const f of list) expect(said).toContain(f.message.replace(' is not set in prod.env', ' is not set'));
  });

  it('a name with production or prod counts whatever its APP_ENV, a template never does, APP_ENV=production always', async () => {
    const body = 'SESSION_SECRET_KEY=short\n';
    const root = makeTree({
      '.env.production': body,
      'config/.env.prod.local': body,
      '.env.production.example': body,
      '.env': body,
      '.env.staging': 'APP_ENV=production\nSESSION_SECRET_KEY=short\n',
      'x/.env.production': 'APP_ENV=development\nSESSION_SECRET_KEY=short\n',
    });
    const { list } = await findings(root);
    const judged = [...new Set(list.filter((f) => f.rule.startsWith('env-production-')).map((f) => f.path))];
    expect(judged).toEqual([
      '.env.production',
      '.env.staging',
      'config/.env.prod.local',
      'x/.env.production',
    ]);
  });
});

describe('security check: fibonacci.yaml and input_schema', () => {
  it('roles used before they are defined, bad CIDRs, unknown SOC 2 controls: each at its line and column', async () => {
    const root = makeTree({
      'fibonacci.yaml': [
        'access_control:', //                                   1
        '  enabled: true', //                                   2
        '  default_role: viewer', //                            3
        '  roles:', //                                          4
        '    - name: developer', //                             5
        '      permissions: [read, write, execute]', //         6
        '  resources:', //                                      7
        '    workflows:', //                                    8
        '      "production/*":', //                             9
        '        execute: [{role: admin}, {role: deployer}]', // 10
        'security:', //                                         11
        '  network:', //                                        12
        '    ip_allowlist: [10.0.0.0/8, 10.0.0.0/33, 203.0.113.50]', // 13
        '    ip_blocklist: [0.0.0.0/0, 203.0.113.50]', //       14
        'compliance:', //                                       15
        '  soc2:', //                                           16
        '    controls: [CC6.1, CC6.9, cc7.2]', //               17
        '',
      ].join('\n'),
    });
    const { code, list } = await findings(root);
    expect(code).toBe(11);
    expect(brief(list)).toEqual([
      'fibonacci.yaml:10:35 error fibonacci-yaml-access-policy',
      'fibonacci.yaml:13:32 error fibonacci-yaml-network',
      'fibonacci.yaml:14:31 warning fibonacci-yaml-rule-never-matches',
      'fibonacci.yaml:17:23 error fibonacci-yaml-soc2-control',
      'fibonacci.yaml:17:30 error fibonacci-yaml-soc2-control',
    ]);
    expect(list.map((f) => f.message)).toEqual([
      'access_control.resources.workflows.production/*.execute.1.role: role "deployer" is not defined: add it to access_control.roles or use owner, admin, member, viewer',
      'security.network.ip_allowlist.1: "10.0.0.0/33": the prefix length must be a whole number from 0 to 32',
      'security.network.ip_blocklist.1: 203.0.113.50 is also allowlisted, and the allowlist wins: this entry never blocks anything',
      '"CC6.9" is not a SOC 2 Trust Services Criteria id (did you mean CC6.1?)',
      '"cc7.2" is not a SOC 2 Trust Services Criteria id (did you mean CC7.2?)',
    ]);
  });

  // SC-FIXTEXT: every policy problem got the rule's one fix ("define every role under
  // access_control.roles before a rule names it; use known actions"), a bad permission, a bad
  // pattern and a duplicate role too; an unknown network key got "write each entry as an address".
  it("each policy and network problem's fix is about that problem, in the text report", async () => {
    const root = makeTree({
      'fibonacci.yaml': [
        'access_control:', //                               1
        '  enabled: true', //                               2
        '  roles:', //                                      3
        '    - name: dev', //                               4
        '      permissions: [read, fly]', //                5
        '    - name: dev', //                               6
        '      permissions: [read]', //                     7
        '  resources:', //                                  8
        '    workflows:', //                                9
        '      "prod//x[":', //                             10
        '        launch: [{role: dev}]', //                 11
        'security:', //                                     12
        '  network:', //                                    13
        '    allow: [10.0.0.0/8]', //                       14
        '',
      ].join('\n'),
    });
    const r = await check(root, ['fibonacci.yaml']);
    expect(r.code).toBe(11);
    const fixes = [...r.stdout.matchAll(/^ {2}(\d+):\d+ .*\n(?: {2}.*\n)*? +fix: (.*)$/gm)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    expect(fixes).toEqual([
      '5 list only the permissions read, write, execute, delete and admin',
      '6 define each role once: merge the two definitions or rename one',
      '10 write the pattern as the message says (workflows: production/*, team/**; secrets: API_*, production/DB_*)',
      '11 use one of the actions the message lists, or remove the entry',
      '14 security.network holds ip_allowlist and ip_blocklist only: rename the key to one of them or remove it',
    ]);
  });

  it('an input_schema that is not a valid JSON Schema (or uses an unknown keyword) is reported where it is wrong', async () => {
    const root = makeTree({
      'bad-type.yaml':
        'name: a\ninput_schema:\n  type: object\n  properties:\n    email:\n      type: text\nnodes: []\n',
      'typo.json': '{"name": "b", "nodes": [],\n "input_schema": {"type": "object", "requird": ["x"]}}\n',
      'good.yaml':
        'name: c\ninput_schema:\n  type: object\n  properties:\n    email: {type: string, format: email}\n  additionalProperties: false\nnodes: []\n',
    });
    const { list } = await findings(root);
    expect(list.map((f) => [f.path, f.line, f.column, f.rule, f.message])).toEqual([
      [
        'bad-type.yaml',
        6,
        7,
        'input-schema-invalid',
        'input_schema.properties.email.type: "text" is not a JSON Schema type (array, boolean, integer, null, number, object, string)',
      ],
      [
        'typo.json',
        2,
        37,
        'input-schema-invalid',
        'input_schema.requird: strict mode: unknown keyword: "requird"',
      ],
    ]);
  });
});

describe('security check: hostile documents', () => {
  it('an input_schema that YAML aliases blow up is refused, not expanded', async () => {
    const lines = ['name: bomb', 'nodes: []', 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i <= 9; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    lines.push('input_schema: {type: object, examples: *a9}', '');
    const root = makeTree({ 'bomb.yaml': lines.join('\n') });
    // The upload's alias guard refuses it before any schema is judged, and the gate says so at the
    // alias past the guard (YWORDS; js-yaml, which shares aliased nodes, read it and the schema
    // rule found it instead, exit 11): never expanded, exit 3.
    const r = await check(root, ['bomb.yaml']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /^error: bomb\.yaml:5:50: invalid YAML: more alias expansions than a definition needs \(at most 100\)\nhint: /,
    );
  });
});
