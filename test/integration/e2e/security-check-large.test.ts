// `fibonacci security check` on files larger than it reads whole (1 MiB), through the built CLI.
// Hostile pass 15, H15-2: such a file was skipped unread, and the gate passed (exit 0) a padded
// .env holding a live key that `node --env-file` loads. Now it is read window by window by the
// rules that need no parse, listed as scanned with a note in every format, its findings masked,
// baselined and ignorable; a .env or fibonacci.yaml also gets a warning that its server rules
// were not checked. Binary files stay skipped.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLANTS, seeded } from '../../../bench/security-check-secrets.mjs';
import { check, expectNoSecret, expectValidSarif, makeTree } from '../../helpers/security-check.js';

const rng = seeded(151);
const token = () => PLANTS['github-token']?.(rng).secret as string;
const MiB = 1024 * 1024;
const padding = (bytes: number) =>
  '# padding ......................................................\n'.repeat(Math.ceil(bytes / 64));
const NOTE = 'larger than 1 MiB: checked for token formats only';
const ENV_NOTE = 'larger than 1 MiB: checked for token formats and credential-like KEY=value lines only';

describe('security check: files larger than 1 MiB', () => {
  it('a padded .env with a live key fails the gate, in text, JSON and SARIF', async () => {
    const key = 'sk_live_4eC39HqLyjWDarjtT1zdp7dH';
    const generic = 'Xk9mQ2vLp7RtW4zN8bHc';
    const root = makeTree({ '.env': `${padding(MiB + 1000)}STRIPE_KEY=${key}\nDB_PASSWORD=${generic}\n` });
    const lines = Math.ceil((MiB + 1000) / 64);
    const text = await check(root, []);
    expect(text.code).toBe(11);
    expect(text.stdout).toContain(`Scanned 1 file:\n  .env  (${ENV_NOTE})\n`);
    expect(text.stdout).not.toContain('Skipped');
    expect(text.stdout).toContain(`${lines + 1}:12 error   stripe-secret-key`);
    expect(text.stdout).toContain(`${lines + 2}:13 error   generic-credential-entropy`);
    expect(text.stdout).toContain('warning file-too-large-to-parse');
    expect(text.stdout).toContain(
      "this file is larger than 1 MiB, too large to parse: the server's production .env rules and values over several lines were not checked",
    );
    const json = await check(root, ['--json']);
    const body = JSON.parse(json.stdout);
    expect([json.code, body.files]).toEqual([
      11,
      { scanned: ['.env'], partial: [{ path: '.env', note: ENV_NOTE }], skipped: [], unreadable: [] },
    ]);
    expect(
      body.findings.map((f: { rule: string; line: number; scope: string }) => [f.rule, f.line, f.scope]),
    ).toEqual([
      ['file-too-large-to-parse', 1, 'file'],
      ['stripe-secret-key', lines + 1, 'line'],
      ['generic-credential-entropy', lines + 2, 'line'],
    ]);
    const sarif = await check(root, ['--format', 'sarif']);
    const log = expectValidSarif(sarif.stdout);
    const run = log.runs[0] as unknown as {
      artifacts: Array<{ location: { uri: string }; properties?: { partial?: string } }>;
      invocations: Array<{ toolExecutionNotifications: Array<{ message: { text: string } }> }>;
      results: Array<{ ruleId: string }>;
    };
    expect(run.artifacts).toEqual([
      expect.objectContaining({
        location: expect.objectContaining({ uri: '.env' }),
        properties: { partial: ENV_NOTE },
      }),
    ]);
    expect(run.invocations[0]?.toolExecutionNotifications.map((n) => n.message.text)).toEqual([
      `partly checked .env: ${ENV_NOTE}`,
    ]);
    expect(run.results.map((r) => r.ruleId)).toEqual([
      'file-too-large-to-parse',
      'stripe-secret-key',
      'generic-credential-entropy',
    ]);
    expectNoSecret([text.stdout, text.stderr, json.stdout, sarif.stdout], [key, generic]);
  });

  it('finds a token that straddles two windows once, at its line and column', async () => {
    // Tokens around every place a window's own part ends (1 MiB, 2 MiB) and its context (64 KiB).
    const marks = [MiB - 64 * 1024, MiB, MiB + 64 * 1024, 2 * MiB - 64 * 1024, 2 * MiB, 2 * MiB + 64 * 1024];
    const chars = Buffer.alloc(3 * MiB, 'x');
    for (let i = 0; i < chars.length; i += 100) chars[i] = 0x0a;
    const tokens = marks.map((m) => {
      const t = token();
      chars.write(` ${t} `, m - 20);
      return t;
    });
    const root = makeTree({ 'big.txt': chars });
    const r = await check(root, ['--json', 'big.txt']);
    const body = JSON.parse(r.stdout);
    expect(body.files.partial).toEqual([{ path: 'big.txt', note: NOTE }]);
    // Where each token is, counted from the bytes written.
    const place = (t: string) => {
      const at = chars.indexOf(t);
      const before = chars.subarray(0, at);
      const line = before.filter((b) => b === 0x0a).length + 1;
      return `${line}:${at - before.lastIndexOf(0x0a)}`;
    };
    expect(
      body.findings.map(
        (f: { rule: string; line: number; column: number }) => `${f.rule} ${f.line}:${f.column}`,
      ),
    ).toEqual(tokens.map((t) => `github-token ${place(t)}`));
    expectNoSecret([r.stdout, r.stderr], tokens);
  });

  it('a large JSON file is checked for tokens; binary stays skipped; fibonacci.yaml warns', async () => {
    const leaked = token();
    const root = makeTree({
      'wf.json': `{"definition": {"name": "a", "nodes": []}, "pad": "${'y'.repeat(MiB)}", "t": "${leaked}"}\n`,
      'blob.json': Buffer.concat([Buffer.from('{"a":\u0000}'), Buffer.alloc(MiB + 10, 0x61)]),
      'fibonacci.yaml': `project: p\n${padding(MiB + 10)}`,
    });
    const r = await check(root, ['--json']);
    const body = JSON.parse(r.stdout);
    expect([r.code, body.files.scanned, body.files.skipped]).toEqual([
      11,
      ['fibonacci.yaml', 'wf.json'],
      [{ path: 'blob.json', reason: 'binary' }],
    ]);
    expect(
      body.findings.map((f: { path: string; rule: string; level: string }) => [f.path, f.rule, f.level]),
    ).toEqual([
      ['fibonacci.yaml', 'file-too-large-to-parse', 'warning'],
      ['wf.json', 'github-token', 'error'],
    ]);
    expect(body.findings[0].message).toContain(
      'its access policy, network and SOC 2 rules and its workflows were not checked',
    );
    expectNoSecret([r.stdout, r.stderr], [leaked]);
  });

  // Hostile re-pass 15: the second window starts at 1 MiB - 64 KiB, here inside a line whose code is
  // in the first window; its trailing ignore comment was read as alone on its line and silenced the
  // token on the next line (exit 0). An ignore at the end of a line covers that line only.
  it('a trailing ignore cut off from its code by a window start silences nothing below it', async () => {
    const start = MiB - 64 * 1024;
    for (const shift of [0, 5]) {
      const code = `A=${'x'.repeat(start - 3 + shift)} `;
      const comment = `# fibonacci:ignore github-token a fixture ${'r'.repeat(64 * 1024 + 10)}`;
      const root = makeTree({
        '.env': `${code}${comment}\nTOKEN=${token()}\n${'# pad line\n'.repeat(30_000)}`,
      });
      const r = await check(root, ['--json']);
      const body = JSON.parse(r.stdout);
      expect([shift, r.code, body.totals.suppressed_inline]).toEqual([shift, 11, 0]);
      expect(body.findings.map((f: { rule: string; line: number }) => `${f.line} ${f.rule}`)).toContain(
        '2 github-token',
      );
    }
  });

  it("a large file's findings are ignorable inline and accepted by a baseline", async () => {
    const root = makeTree({
      '.env': `${padding(MiB + 10)}# fibonacci:ignore github-token a test fixture's revoked token\nA=${token()}\nB=${token()}\n`,
    });
    const first = JSON.parse((await check(root, ['--json'])).stdout);
    expect(first.findings.map((f: { rule: string }) => f.rule)).toEqual([
      'file-too-large-to-parse',
      'github-token',
    ]);
    expect(first.totals.suppressed_inline).toBe(1);
    const written = await check(root, ['--write-baseline', 'base.json']);
    expect(written.code).toBe(0);
    const again = await check(root, ['--json', '--baseline', 'base.json']);
    const body = JSON.parse(again.stdout);
    expect([again.code, body.findings, body.totals.suppressed_baseline]).toEqual([0, [], 2]);
    // A new token in the file is not accepted by that baseline.
    writeFileSync(join(root, '.env'), `C=${token()}\n`, { flag: 'a' });
    const after = JSON.parse((await check(root, ['--json', '--baseline', 'base.json'])).stdout);
    expect(after.findings.map((f: { rule: string }) => f.rule)).toEqual(['github-token']);
  });
});
