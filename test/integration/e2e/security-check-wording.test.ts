// `security check`'s smaller wording, through the built CLI: a variable a production .env does not
// set is the file's finding (no caret under an unrelated line), a message quotes the value the file
// has, a mistyped fibonacci:ignore rule gets "did you mean", --list-rules on a terminal wraps every
// fix instead of cutting it and refuses a PATH, the --output summary reads as counts, and a
// baseline that is not JSON says so.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAVE_PTY, pty } from '../../helpers/pty.js';
import { screenLines } from '../../helpers/screen.js';
import { check, makeTree } from '../../helpers/security-check.js';

describe('security check: wording', () => {
  it('a variable the file does not set: "not set in FILE", no line, no excerpt; ENABLE_DOCS=1 is quoted as 1', async () => {
    const root = makeTree({ '.env.prod': 'ENABLE_DOCS=1\nAPP_ENV=production\n' });
    const r = await check(root, [], { env: { NO_COLOR: '1' } });
    expect(r.code).toBe(11);
    const lines = r.stdout.split('\n');
    const session = lines.findIndex((l) => l.includes('env-production-session-secret-key'));
    expect(lines[session]).toMatch(
      /^ {2}file +error +env-production-session-secret-key {2}SESSION_SECRET_KEY is not set in \.env\.prod; set it/,
    );
    expect(lines[session + 1]).toMatch(/^ +fix: /);
    const proxy = lines.findIndex((l) => l.includes('env-production-trusted-proxy-hosts'));
    expect(lines[proxy]).toContain('TRUSTED_PROXY_HOSTS is not set in .env.prod:');
    expect(lines[proxy + 1]).toMatch(/^ +fix: /);
    // The one excerpt left is the variable that is there.
    expect(lines.filter((l) => /^ {2}\d+ \| /.test(l))).toEqual(['  1 | ENABLE_DOCS=1']);
    expect(r.stdout).toContain('ENABLE_DOCS=1 exposes /docs and /openapi.json');
    expect(r.stdout).not.toContain('ENABLE_DOCS=true exposes');
    // JSON and SARIF keep a place: line 1, column 1.
    const json = JSON.parse((await check(root, ['--json'])).stdout);
    const absent = json.findings.find(
      (f: { rule: string }) => f.rule === 'env-production-session-secret-key',
    );
    expect([absent.line, absent.column]).toEqual([1, 1]);
  });

  it('a mistyped fibonacci:ignore rule id gets "did you mean"', async () => {
    const root = makeTree({
      'w.yaml': 'name: w\nnodes: []\n# fibonacci:ignore bearer-authorizaton a fixture\nx: 1\n',
    });
    const r = await check(root, ['--fail-on', 'warning']);
    expect(r.code).toBe(11);
    expect(r.stdout).toContain(
      'fibonacci:ignore names an unknown rule "bearer-authorizaton" (did you mean bearer-authorization?); it silences nothing',
    );
  });

  it('--list-rules PATH is a usage error (exit 2), nothing listed', async () => {
    const r = await check(makeTree({}), ['--list-rules', 'nosuchdir']);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toBe(
      'error: --list-rules takes no path to scan (got nosuchdir)\nhint: run `fibonacci security check --list-rules` alone, or scan the paths without --list-rules\n',
    );
  });

  it.skipIf(!HAVE_PTY)('--list-rules on a terminal: every fix whole, wrapped to the width', async () => {
    const json = JSON.parse((await check(makeTree({}), ['--list-rules', '--json'])).stdout) as {
      id: string;
      fix: string;
    }[];
    const r = await pty(['security', 'check', '--list-rules'], { NO_COLOR: '1' }, { cols: 60, rows: 400 });
    expect(r.code).toBe(0);
    const lines = screenLines(r.screen);
    expect(lines.filter((l) => [...l].length > 60)).toEqual([]);
    expect(r.screen).not.toContain('…) and');
    // Each rule's fix, joined back from its wrapped lines, is the whole fix.
    for (const rule of json) {
      const at = lines.findIndex((l) => l.startsWith(`${rule.id}  `));
      expect(at, rule.id).toBeGreaterThanOrEqual(0);
      const fixAt = lines.findIndex((l, i) => i > at && l.startsWith('  fix: '));
      const parts = [(lines[fixAt] as string).slice('  fix: '.length)];
      for (let i = fixAt + 1; (lines[i] ?? '').startsWith('       '); i++)
        parts.push((lines[i] as string).trim());
      expect(parts.join(' '), rule.id).toBe(rule.fix);
    }
  });

  it('the --output summary reads as counts: "3 files scanned, 0 skipped, 1 finding"', async () => {
    const root = makeTree({
      'a.yaml': 'name: a\nnodes: []\nurl: https://user:Zx81vQ2mP4kL7nB3@example.com/\n',
      'b.yaml': 'name: b\nnodes: []\n',
      'c.yaml': 'name: c\nnodes: []\n',
    });
    const r = await check(root, ['--output', 'out.txt']);
    expect(r.code).toBe(11);
    expect(r.stderr).toBe('Wrote the text report to out.txt: 3 files scanned, 0 skipped, 1 finding\n');
  });

  it('a --baseline that is not JSON says so (exit 3), not "a version 2 one is expected"', async () => {
    const root = makeTree({ 'w.yaml': 'name: w\nnodes: []\n' });
    writeFileSync(join(root, 'badbase.json'), 'this is not json\n');
    const r = await check(root, ['--baseline', 'badbase.json']);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      'error: badbase.json is not a security check baseline: it is not JSON\nhint: write one with `fibonacci security check --write-baseline FILE`\n',
    );
  });
});
