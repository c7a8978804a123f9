// `${VAR:-DEFAULT}` (and `:=`, `-`, `=`, `:+`, `+`, `:?`, `?`) is no reference: the shell uses the
// word written in the file, so a credential there is hardcoded (hostile pass 14, H14a-17: such a
// value was taken for a reference, like `${VAR}`, and never reported). The built CLI.
import { describe, expect, it } from 'vitest';
import { check, expectNoSecret, makeTree } from '../../helpers/security-check.js';

const VALUE = `${'Xk9mQ2vL'}${'8pR4tW7zAb3cD5eF'}`;
/** A `$` that no template literal reads. */
const D = '$';
const PW = `${'Xk9mQ2vL'}${'8pR4tW7zAb3c'}`;

describe('a shell default is judged as the literal it is', () => {
  it('under a credential name, in a header, a command line and a URL: each found', async () => {
    const root = makeTree({
      'wf.yaml': [
        'name: x',
        'version: 1',
        'nodes:',
        '  - id: a',
        '    type: tool',
        '    headers:',
        `      Authorization: "Bearer \${TOK:-${VALUE}}"`,
        `    cmd: "mysql --password \${PW:-${PW}} && curl -u admin:\${P:-${PW}} https://a"`,
        `    url: "https://admin:\${PW:-${PW}}@db.example.com"`,
        `    api_key: "\${API_KEY:-${VALUE}}"`,
        `    secret: "\${S:=${VALUE}}"`,
        `    token2: "\${T-${VALUE}}"`,
        'edges: []',
        '',
      ].join('\n'),
    });
    const r = await check(root, ['--json', 'wf.yaml']);
    expect(r.code, r.stderr).toBe(11);
    const found = (JSON.parse(r.stdout).findings as Array<{ rule: string; line: number }>).map(
      (f) => `${f.line} ${f.rule}`,
    );
    expect(found).toEqual([
      '7 bearer-authorization',
      '8 command-line-password',
      '8 command-line-password',
      '9 url-credentials',
      '10 generic-credential-entropy',
      '11 generic-credential-entropy',
      '12 generic-credential-entropy',
    ]);
    expectNoSecret([r.stdout, r.stderr], [VALUE, PW]);
  });

  it('a plain reference, an empty default, a placeholder or a reference as the default: no finding', async () => {
    const root = makeTree({
      'wf.yaml': [
        'name: x',
        'version: 1',
        'nodes:',
        '  - id: a',
        '    type: tool',
        `    api_token: ${D}{GH_TOKEN}`,
        `    password: "${D}{DB_PASSWORD:-}"`,
        `    secret: ${D}{S:-changeme}`,
        `    key: ${D}{K:-$OTHER_KEY}`,
        '    headers:',
        `      Authorization: "Bearer ${D}{T:-${D}{U}}"`,
        'edges: []',
        '',
      ].join('\n'),
    });
    const r = await check(root, ['--json', 'wf.yaml']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).findings).toEqual([]);
  });
});
