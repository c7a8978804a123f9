// No text from a scanned file reaches a message of `security check`, through the built CLI: a
// unique canary is planted where each kind of message could quote it (a YAML tag or alias, a
// broken JSON file, the word after fibonacci:ignore, a SOC 2 id, a policy key, a .env value), and
// every format, stderr and the --output file are searched for it (the text report's source lines
// aside: they show the file itself).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLANTS, seeded } from '../../../bench/security-check-secrets.mjs';
import { check, expectNoSecret, makeTree } from '../../helpers/security-check.js';

const rng = seeded(41);
const token = () => PLANTS['github-token']?.(rng).secret as string;
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** A password no rule recognises: only a message quoting it could print it. */
const password = () =>
  `Pw${Array.from({ length: 18 }, () => ALNUM[Math.floor(rng() * ALNUM.length)]).join('')}`;
const head = 'name: w\nversion: "1"\nnodes:\n  - id: a\n    type: tool\n';

describe('security check: no file text in any message', () => {
  it('a canary in each kind of broken or rejected file appears in no format, nor stderr, nor --output', async () => {
    const c = {
      tag: token(),
      alias: password(),
      verbatim: token(),
      json: token(),
      ignore: token(),
      ignoreWord: password(),
      soc2: password(),
      policyKey: password(),
      envValue: password(),
    };
    const root = makeTree({
      'tag.yaml': `${head}    config:\n      db_password: !${c.tag}\n`,
      'alias.yaml': `${head}    api_key: *${c.alias}\n`,
      'verbatim.yaml': `${head}    t: !<tag:${c.verbatim}>\n`,
      'broken.json': `{"nodes":[\n{"t":"${c.json}"}\n,]}\n`,
      'ignore.yaml': `${head}    note: x # fibonacci:ignore ${c.ignore}\n    other: y # fibonacci:ignore ${c.ignoreWord} because\n`,
      'fibonacci.yaml': `compliance:\n  soc2:\n    controls: [CC6.1, ${c.soc2}]\naccess_control:\n  ${c.policyKey}: 1\n`,
      '.env.production': `SESSION_SECRET_KEY=\${S}\nENABLE_DOCS=${c.envValue}\nENABLE_DEVELOPER_ROUTES=false\n`,
    });
    const outputs: string[] = [];
    for (const args of [[], ['--json'], ['--format', 'sarif'], ['--json', '--output', 'r.json']]) {
      const r = await check(root, args);
      expect(r.code).toBe(3);
      // The text report's source lines show the file as it is (detected secrets masked): they are
      // not messages. Everything else is.
      const text = args.length === 0 ? r.stdout.replace(/^ *\d+ \| .*$/gm, '') : r.stdout;
      outputs.push(text, r.stderr);
    }
    outputs.push(readFileSync(join(root, 'r.json'), 'utf8'));
    expectNoSecret(outputs, Object.values(c));

    const body = JSON.parse(outputs[2] as string);
    expect(body.files.unreadable).toEqual([
      {
        path: 'alias.yaml',
        line: 6,
        column: 14,
        message: expect.stringMatching(/^invalid YAML: an unknown alias/),
      },
      {
        path: 'broken.json',
        line: 3,
        column: 2,
        message: 'invalid JSON: a value was expected',
      },
      {
        path: 'tag.yaml',
        line: 7,
        column: 20,
        message: expect.stringMatching(/^invalid YAML: an unknown tag/),
      },
      {
        path: 'verbatim.yaml',
        line: 6,
        column: 8,
        message: expect.stringMatching(/^invalid YAML: an unknown tag/),
      },
    ]);
    const messages = body.findings.map((f: { rule: string; message: string }) => `${f.rule}: ${f.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'ignore-comment-invalid: fibonacci:ignore names an unknown rule; it silences nothing',
        expect.stringMatching(/^fibonacci-yaml-soc2-control: a value of 20 characters is not a SOC 2/),
        expect.stringMatching(
          /^env-production-enable-docs: ENABLE_DOCS="Pw.{2}…" \(20 characters\) is not a boolean/,
        ),
      ]),
    );
  });

  it('an input_schema problem under a property named by a password: the place stops before it', async () => {
    const key = password();
    const root = makeTree({
      'w.json': `${JSON.stringify({
        name: 'w',
        version: '1',
        nodes: [{ id: 'a', type: 'tool' }],
        input_schema: { type: 'object', properties: { [key]: { type: 'strang' } } },
      })}\n`,
    });
    const outputs: string[] = [];
    for (const args of [[], ['--json'], ['--format', 'sarif']]) {
      const r = await check(root, args);
      expect(r.code).toBe(11);
      outputs.push(args.length === 0 ? r.stdout.replace(/^ *\d+ \| .*$/gm, '') : r.stdout, r.stderr);
    }
    expectNoSecret(outputs, [key]);
    const body = JSON.parse(outputs[2] as string);
    expect(body.findings.map((f: { rule: string; message: string }) => `${f.rule}: ${f.message}`)).toEqual([
      expect.stringMatching(
        /^input-schema-invalid: input_schema\.properties: .+ \(inside a key not repeated here\)$/,
      ),
    ]);
  });
});
