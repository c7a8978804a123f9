// An Authorization header written as a name/value pair, through the built CLI: the layouts of
// header lists (Kubernetes httpHeaders, Postman, n8n, JSON pairs) are found like the one-line header,
// at the value, never printed; references and placeholders in the same layouts pass.
import { describe, expect, it } from 'vitest';
import { check, expectNoSecret, makeTree } from '../../helpers/security-check.js';

const T = ['9f8E7d6C', '5b4A3f2E', '1d0C8b7A'].join('');
const U = ['Xq7Lm2Pz', '9Rt4Vw8K', 'b3Nc6Yd1'].join('');
const wf = (headers: string) =>
  `name: d\nversion: 1\nnodes:\n  - id: a\n    type: tool\n    headers:\n${headers}edges: []\n`;

interface JsonFinding {
  rule: string;
  path: string;
  line: number;
  column: number;
}

describe('security check: an Authorization header as a name/value pair', () => {
  it('is found in YAML and JSON header lists, at the value, and never printed', async () => {
    const root = makeTree({
      'k8s.yaml': wf(`      - name: Authorization\n        value: Bearer ${T}\n`),
      'token.yaml': wf(`      - name: Authorization\n        value: Token ${U}\n`),
      'flow.yaml': wf(`      - {name: authorization, value: "Bearer ${U}"}\n`),
      'postman.json': `{"name":"d","version":1,"nodes":[{"id":"a","type":"tool","headers":[\n{"key":"Authorization","value":"Token ${T}","type":"text"}]}],"edges":[]}\n`,
      'pairs.json': `{"name":"d","version":1,"nodes":[{"id":"a","type":"tool",\n"headers":[["Authorization", "Bearer ${T}"]]}],"edges":[]}\n`,
    });
    const r = await check(root, ['--json']);
    expect(r.code).toBe(11);
    const list: JsonFinding[] = JSON.parse(r.stdout).findings;
    expect(list.map((f) => `${f.path}:${f.line}:${f.column} ${f.rule}`)).toEqual([
      'flow.yaml:7:38 bearer-authorization',
      'k8s.yaml:8:16 bearer-authorization',
      'pairs.json:2:30 bearer-authorization',
      'postman.json:2:32 scheme-authorization',
      'token.yaml:8:16 scheme-authorization',
    ]);
    const text = await check(root, []);
    expect(text.code).toBe(11);
    expect(text.stdout).toContain('error   bearer-authorization');
    expectNoSecret([r.stdout, r.stderr, text.stdout, text.stderr], [T, U]);
    for (const out of [r.stdout, text.stdout]) {
      expect(out).not.toContain(T.slice(4, 12));
      expect(out).not.toContain(U.slice(4, 12));
    }
  });

  it('a credential named in a name/value list (a Kubernetes env list) is found at its value', async () => {
    const root = makeTree({
      'kenv.yaml': `name: d\nversion: 1\nnodes:\n  - id: a\n    type: tool\n    env:\n      - name: DB_PASSWORD\n        value: ${U}\n      - {name: API_TOKEN, value: "${T}"}\n      - name: DB_HOST\n        value: ${U}x\n      - name: API_KEY\n        value: "{{secrets.API_KEY}}"\nedges: []\n`,
    });
    const r = await check(root, ['--json']);
    expect(r.code).toBe(11);
    const list: JsonFinding[] = JSON.parse(r.stdout).findings;
    expect(list.map((f) => `${f.path}:${f.line}:${f.column} ${f.rule}`)).toEqual([
      'kenv.yaml:8:16 generic-credential-entropy',
      'kenv.yaml:9:34 generic-credential-entropy',
    ]);
    const text = await check(root, []);
    expectNoSecret([r.stdout, text.stdout, text.stderr], [T, U]);
  });

  it('references, placeholders and other headers in the same layouts are not reported', async () => {
    const root = makeTree({
      'refs.yaml': wf(
        [
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell-variable reference, literally
          '      - name: Authorization\n        value: Bearer ${API_TOKEN}\n',
          '      - {name: Authorization, value: "Bearer {{secrets.API_KEY}}"}\n',
          '      - name: Authorization\n        value: Bearer <your-token>\n',
          `      - name: X-Request-Id\n        value: Bearer ${T}\n`,
        ].join(''),
      ),
      'refs.json': `{"name":"d","version":1,"nodes":[{"id":"a","type":"tool","headers":[["Authorization", "Token {{secrets.API_TOKEN}}"]]}],"edges":[]}\n`,
    });
    const r = await check(root, ['--json']);
    expect(JSON.parse(r.stdout).findings).toEqual([]);
    expect(r.code).toBe(0);
  });
});
