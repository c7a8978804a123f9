// ENVFIX: a hardcoded credential's fix is the one for the kind of file it is in. A workflow writes
// {{secrets.NAME}} in the value's place; a .env file and fibonacci.yaml resolve no such reference,
// so their fix keeps the value out of the file (`fibonacci secret set NAME --env E`, the
// deployment's secret store) and references it from the workflow. Text, JSON, SARIF and
// --list-rules say so.
import { describe, expect, it } from 'vitest';
import { check, expectValidSarif, makeTree } from '../../helpers/security-check.js';

const STRIPE = `sk_${'live'}_abcDEF123ghiJKL456mnoPQR789stu`;
const ENV_FIX =
  "keep the value out of the .env file: set it with `fibonacci secret set NAME --env E` (or in the deployment's secret store) and reference it from the workflow as {{secrets.NAME}}; roll the key in Stripe's dashboard";
const CONFIG_FIX =
  "keep the value out of fibonacci.yaml (it is committed and sent by `fibonacci access apply`): set it with `fibonacci secret set NAME` and reference it from the workflow that uses it as {{secrets.NAME}}; roll the key in Stripe's dashboard";
const WORKFLOW_FIX =
  "move it to the secret store (`fibonacci secret set NAME`) and reference it as {{secrets.NAME}}; roll the key in Stripe's dashboard";
const FILES = {
  '.env': `STRIPE_KEY=${STRIPE}\n`,
  '.env.production.json': `{"stripe": "${STRIPE}"}\n`,
  'fibonacci.yaml': `stripe: ${STRIPE}\n`,
  'wf.yaml': `name: w\nnodes: []\nstripe: ${STRIPE}\n`,
};
const WANT = [
  ['.env', ENV_FIX],
  ['.env.production.json', ENV_FIX],
  ['fibonacci.yaml', CONFIG_FIX],
  ['wf.yaml', WORKFLOW_FIX],
];

describe('ENVFIX: the fix of a credential is its file kind’s', () => {
  it('in text, JSON and SARIF', async () => {
    const root = makeTree(FILES);
    const names = Object.keys(FILES);
    const text = await check(root, names);
    expect(text.code).toBe(11);
    const fixes = text.stdout.split('\n').filter((l) => l.trimStart().startsWith('fix: '));
    expect(fixes.map((l) => l.trim().slice('fix: '.length))).toEqual(WANT.map(([, fix]) => fix));

    const json = await check(root, ['--format', 'json', ...names]);
    const findings = (JSON.parse(json.stdout) as { findings: { path: string; rule: string; fix: string }[] })
      .findings;
    expect(findings.map((f) => [f.path, f.fix])).toEqual(WANT);

    const sarif = await check(root, ['--format', 'sarif', ...names]);
    const results = expectValidSarif(sarif.stdout).runs[0]?.results ?? [];
    expect(results.map((r) => r.message.text.slice(r.message.text.indexOf('. Fix: ') + 7))).toEqual(
      WANT.map(([, fix]) => fix),
    );
    expect(sarif.stdout).toContain(`In a .env file: ${ENV_FIX}`);
  });

  it('--list-rules gives each credential rule its fix in each kind of file', async () => {
    const r = await check(makeTree({}), ['--list-rules', '--json']);
    const list = JSON.parse(r.stdout) as { id: string; fix: string; fix_by_file?: Record<string, string> }[];
    expect(list.find((x) => x.id === 'stripe-secret-key')?.fix_by_file).toEqual({
      workflow: WORKFLOW_FIX,
      'fibonacci.yaml': CONFIG_FIX,
      '.env': ENV_FIX,
    });
    // Every credential rule's fix ends in its own last step, and none tells a .env file to hold a reference.
    for (const rule of list.filter((x) => x.fix_by_file))
      expect(rule.fix_by_file?.['.env'], rule.id).toMatch(/^keep the value out of the \.env file: .*; \S/);
    const tsv = await check(makeTree({}), ['--list-rules']);
    expect(tsv.stdout).toContain(`${WORKFLOW_FIX}\t${CONFIG_FIX}\t${ENV_FIX}\n`);
  });
});
