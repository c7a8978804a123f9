// PWSPACE: a password given to a command-line option in quotes with blanks just inside them
// (`--password " P"`, `-p " P"`, `-u " user:P"`), or in a JSON string whose quotes are escaped
// (`--password \" P\"`, `--password=\"P\"`), is found as the same option without them is: each is
// reported at the value, its characters masked in the text report and absent from the JSON one.
import { describe, expect, it } from 'vitest';
import { check, expectNoSecret, makeTree } from '../../helpers/security-check.js';

const P = (n: number) => `Xk9mQ2vL8pR4tW7${'abcdefghijklmnop'[n]}`;

const YAML_COMMANDS = [
  `mysqladmin --password " ${P(0)}" status`,
  `sshpass -p " ${P(1)}" ssh deploy@host`,
  `curl -u " admin:${P(2)}" https://api.internal.test`,
  `mysql -p" ${P(3)}" app`,
  `redis-cli -a '  ${P(4)}' ping`,
  `docker login -p=' ${P(5)}' registry.internal.test`,
];
const JSON_COMMANDS = [
  `mysqladmin --password \\" ${P(6)}\\" status`,
  `mysqladmin --password \\"${P(7)}\\" status`,
  `mysqladmin --password=\\" ${P(8)}\\" status`,
];

describe('PWSPACE: a quoted option value with blanks inside the quotes', () => {
  it('is reported at the value in YAML, in an argv list and in a JSON string', async () => {
    const yaml = [
      'name: quoted',
      'nodes:',
      ...YAML_COMMANDS.map((c, i) => `  - id: n${i}\n    type: tool\n    command: ${c}`),
      '  - id: argv',
      '    type: tool',
      `    args: ["--password", " ${P(9)}"]`,
    ].join('\n');
    const json = JSON.stringify({ name: 'j', nodes: [] }).replace(
      '[]',
      `[${JSON_COMMANDS.map((c, i) => `{"id": "j${i}", "type": "tool", "command": "${c}"}`).join(',\n')}]`,
    );
    const root = makeTree({ 'wf.yaml': `${yaml}\n`, 'wf.json': `${json}\n` });
    const text = await check(root, ['wf.yaml', 'wf.json']);
    const out = await check(root, ['--format', 'json', 'wf.yaml', 'wf.json']);
    expect(out.code).toBe(11);
    const findings = (JSON.parse(out.stdout) as { findings: { rule: string; path: string; line: number }[] })
      .findings;
    const seen = findings.map((f) => `${f.path}:${f.line} ${f.rule}`);
    expect(seen).toEqual([
      ...JSON_COMMANDS.map((_, i) => `wf.json:${1 + i} command-line-password`),
      ...YAML_COMMANDS.map((_, i) => `wf.yaml:${5 + 3 * i} command-line-password`),
      `wf.yaml:${5 + 3 * YAML_COMMANDS.length} command-line-password`,
    ]);
    expect(text.code).toBe(11);
    expectNoSecret([text.stdout, text.stderr, out.stdout, out.stderr], [...Array(10).keys()].map(P));
  });

  it('a reference in the quotes is still none', async () => {
    const root = makeTree({
      'wf.yaml': `name: ok\nnodes:\n  - id: a\n    type: tool\n    command: mysqladmin --password " {{secrets.DB_PASSWORD}}" status\n  - id: b\n    type: tool\n    args: ["--password", " $DB_PASSWORD"]\n`,
    });
    const out = await check(root, ['wf.yaml']);
    expect(out.stdout).toContain('0 findings');
    expect(out.code).toBe(0);
  });
});
