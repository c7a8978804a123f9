// `security check` given hostile inputs through the built CLI: a --baseline that is no regular
// file or too large, an input_schema Ajv cannot judge, many findings on one line, a full stdout.
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLANTS, seeded } from '../../../bench/security-check-secrets.mjs';
import { check, expectNoSecret, makeTree } from '../../helpers/security-check.js';
import { runWithStdio } from '../../helpers/spawn-stdio.js';

const rng = seeded(15);
const token = () => PLANTS['github-token']?.(rng).secret as string;
const workflow = (...lines: string[]) =>
  `name: w\nnodes:\n  - id: a\n    type: tool\n${lines.map((l) => `    ${l}\n`).join('')}`;

const FULL =
  'error: cannot write to standard output: no space left on device (ENOSPC)\n' +
  'hint: what was not written is lost: free some space, or send the output somewhere else\n';

interface JsonFinding {
  rule: string;
  path: string;
  line: number;
  message: string;
}

describe('security check: --baseline is read like every named file', () => {
  const HINT = 'hint: write one with `fibonacci security check --write-baseline FILE`\n';
  it('a FIFO, a device (through a link), a directory: exit 3 at once, nothing read', async () => {
    const root = makeTree({ 'w.yaml': workflow(`t: ${token()}`) });
    execFileSync('mkfifo', [join(root, 'fifo')]);
    symlinkSync('/dev/zero', join(root, 'zero.json'));
    mkdirSync(join(root, 'dir.json'));
    const cases: Array<[string, string]> = [
      ['fifo', 'a named pipe'],
      ['zero.json', 'a device'],
      ['dir.json', 'a directory'],
    ];
    for (const [file, type] of cases) {
      const r = await check(root, ['--baseline', file]);
      expect([r.code, r.stdout, r.stderr]).toEqual([
        3,
        '',
        `error: cannot read the baseline ${file}: it is ${type}, not a regular file\n${HINT}`,
      ]);
    }
  });

  it('a baseline larger than 16 MiB is exit 3 naming the cap', async () => {
    const root = makeTree({ 'w.yaml': workflow(`t: ${token()}`), 'big.json': '' });
    truncateSync(join(root, 'big.json'), 16 * 1024 * 1024 + 1);
    const r = await check(root, ['--baseline', 'big.json']);
    expect([r.code, r.stdout, r.stderr]).toEqual([
      3,
      '',
      `error: cannot read the baseline big.json: it is larger than 16 MiB, the most a baseline may be\n${HINT}`,
    ]);
  });
});

describe('security check: an input_schema Ajv cannot judge', () => {
  it('an input_schema with an unknown $schema is a finding of that file; the other files are still checked', async () => {
    const root = makeTree({
      'meta.json':
        '{"name":"s","version":"1","nodes":[{"id":"a","type":"llm"}],"edges":[],\n"input_schema":{"$schema":"xZq8wLk29XpR4vTn7","type":"object"}}\n',
      'meta.yaml':
        'name: m\ninput_schema:\n  $schema: https://json-schema.org/draft/2019-09/schema\nnodes: []\n',
      'ok.yaml':
        'name: k\ninput_schema:\n  $schema: https://json-schema.org/draft/2020-12/schema\n  type: object\nnodes: []\n',
      'token.yaml': workflow(`t: ${token()}`),
    });
    const r = await check(root, ['--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(11);
    const body = JSON.parse(r.stdout) as { findings: JsonFinding[] };
    expect(body.findings.map((f) => [f.path, f.line, f.rule, f.message])).toEqual([
      [
        'meta.json',
        2,
        'input-schema-invalid',
        expect.stringMatching(/^input_schema\.\$schema: only draft 2020-12/),
      ],
      [
        'meta.yaml',
        3,
        'input-schema-invalid',
        expect.stringMatching(/^input_schema\.\$schema: only draft 2020-12/),
      ],
      ['token.yaml', 5, 'github-token', expect.any(String)],
    ]);
    expect(r.stdout).not.toContain('Zq8wLk29XpR4vTn7');
  });
});

describe('security check: time stays bounded under the size cap', () => {
  it('4,000 tokens on one line (164 KB): the first 200 listed, masked, the rest counted, in seconds', async () => {
    // No vowels and no x: no token holds a placeholder word ("your", "xxxx") and is let through.
    const ALNUM = 'bcdfghjklmnpqrstvwzBCDFGHJKLMNPQRSTVWZ0123456789';
    const pick = () => ALNUM[Math.floor(rng() * ALNUM.length)] as string;
    const tokens = Array.from({ length: 4000 }, () => `ghp_${Array.from({ length: 36 }, pick).join('')}`);
    const root = makeTree({ 'g.yaml': `nodes:\n  - x: |\n      ${tokens.join(' ')}\n` });
    // check() kills a run after 60 s (the test waits for that). Each listed finding costs a slow
    // hash (--json), so a report lists 200 a file and counts the rest: before, 4,000 hashes took 10 s
    // and a 1 MiB file a minute.
    const json = await check(root, ['--json']);
    expect(json.code).toBe(11);
    const body = JSON.parse(json.stdout) as {
      findings: Array<{ rule: string; column: number; message: string }>;
    };
    const listed = body.findings.filter((f) => f.rule === 'github-token');
    expect(listed.map((f) => f.column)).toEqual(tokens.slice(0, 200).map((_, i) => 7 + i * 41));
    expect(body.findings.filter((f) => f.rule === 'findings-capped').map((f) => f.message)).toEqual([
      '3800 more findings in this file, not listed (a report lists 200 a file)',
    ]);
    const text = await check(root, []);
    expect(text.code).toBe(11);
    expect(text.stdout.match(/\^/g)).toHaveLength(200);
    expect(text.stdout).toContain('3800 more findings in this file, not listed');
    // A sample (each piece of each token is a search of megabytes): the first, the last, every 40th.
    expectNoSecret(
      [json.stdout, text.stdout, text.stderr],
      tokens.filter((_, i) => i % 40 === 0 || i === 3999),
    );
  }, 90_000);
});

describe('security check: a production .env whatever its APP_ENV', () => {
  const body = (appEnv: string) =>
    [
      'SESSION_SECRET_KEY=Xk9#mP2vQ7rT',
      'ENABLE_DOCS=Zq8wLk29XpR4vTn7',
      'TRUSTED_PROXY_HOSTS=hunter2-Secret-9xQ',
      'SECRETS_BACKEND=Pa55w0rd-Leak',
      'FIBONACCI_EMULATOR_RATE_LIMIT=abc-Pa55-Q',
      `APP_ENV=${appEnv}`,
      '',
    ].join('\n');
  const RULES = [
    'env-production-session-secret-key',
    'env-production-enable-docs',
    'env-production-trusted-proxy-hosts',
    'env-production-secrets-backend',
    'env-production-fibonacci-emulator-rate-limit',
  ];

  it('an unknown APP_ENV is env-production-app-env and every other rule still fires, values masked', async () => {
    const root = makeTree({
      'a/.env.production': body('production'),
      'b/.env.production': body('prod'),
      'c/.env.production': body('prodXk9mP2vQ7'),
      'd/.env.prod': body('staging'),
    });
    const r = await check(root, ['--json']);
    expect(r.code).toBe(11);
    const list = (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings;
    const rules = (dir: string) =>
      list
        .filter((f) => f.path.startsWith(dir))
        .map((f) => f.rule)
        .sort();
    expect(rules('a/')).toEqual([...RULES].sort());
    expect(rules('b/')).toEqual([...RULES, 'env-production-app-env'].sort());
    expect(rules('c/')).toEqual([...RULES, 'env-production-app-env'].sort());
    expect(rules('d/')).toEqual([...RULES].sort());
    const c = list.filter((f) => f.path.startsWith('c/')).map((f) => f.message);
    expect(c).toContain(
      'APP_ENV="prod…" (13 characters) is unknown; set it to development, staging or production',
    );
    expect(c).toContain('ENABLE_DOCS="Zq8w…" (16 characters) is not a boolean; set it to true or false');
    for (const value of [
      'Xk9#mP2vQ7rT',
      'Zq8wLk29XpR4vTn7',
      'hunter2-Secret-9xQ',
      'Pa55w0rd-Leak',
      'abc-Pa55-Q',
      'prodXk9mP2vQ7',
    ])
      expect(r.stdout).not.toContain(value.slice(4));
  });
});

describe('security check: a stdout that fails', () => {
  it('> /dev/full with findings: the write error and exit 1, as without; to /dev/null it is 11', async () => {
    const findings = makeTree({ 'w.yaml': workflow(`t: ${token()}`) });
    const clean = makeTree({ 'w.yaml': workflow('t: "{{secrets.T}}"') });
    for (const dir of [findings, clean]) {
      for (const format of ['text', 'json', 'sarif']) {
        const r = await runWithStdio(['security', 'check', dir, '--format', format], { stdout: '/dev/full' });
        expect([r.code, r.stderr]).toEqual([1, FULL]);
      }
    }
    expect((await runWithStdio(['security', 'check', findings])).code).toBe(11);
  });
});

describe('security check: the header rules on a long run of blanks', () => {
  // Two runs of blanks side by side around an optional quote (`\s*["']?\s*`) split a long run every
  // way: a 64 KB run after `authorization:` took 4 s, a 900 KB one about a quarter of an hour. Each file is
  // checked inside check()'s 60 s kill.
  it('`authorization:` then 900 KB of blanks, then bearer / a scheme word: done, nothing reported', async () => {
    const blanks = ' '.repeat(900 * 1024);
    const root = makeTree({
      'a.yaml': `nodes: []\nx: |\n  authorization:${blanks}x bearer\n`,
      '.env': `AUTH_HEADER="${blanks}x token\n`,
    });
    const r = await check(root, ['--json']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const body = JSON.parse(r.stdout);
    expect([body.findings, body.files.skipped]).toEqual([[], []]);
  }, 90_000);
});
