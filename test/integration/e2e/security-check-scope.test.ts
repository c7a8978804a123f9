// A finding about a file as a whole (a production .env that does not set a variable the server
// needs) is at 1:1 in --json for readers that need a place, and says `"scope": "file"` so a script
// can tell it from a finding on line 1 (`"scope": "line"`); and an --output whose name says one
// format while --format writes another is warned about, through the built CLI.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, makeTree } from '../../helpers/security-check.js';

describe('security check --json: scope', () => {
  it("a variable the file does not set is the file's finding; one it sets wrongly is on its line", async () => {
    const dir = makeTree({ '.env.production': 'APP_ENV=production\nENABLE_DOCS=true\n' });
    const r = await check(dir, ['--json']);
    expect(r.code, r.stderr).toBe(11);
    const findings = JSON.parse(r.stdout).findings as {
      rule: string;
      line: number;
      column: number;
      scope: string;
    }[];
    const unset = findings.find((f) => f.rule === 'env-production-session-secret-key');
    expect(unset).toMatchObject({ line: 1, column: 1, scope: 'file' });
    const docs = findings.find((f) => f.rule === 'env-production-enable-docs');
    expect(docs).toMatchObject({ line: 2, scope: 'line' });
    expect(findings.every((f) => f.scope === 'file' || f.scope === 'line')).toBe(true);
  });

  it('an --output named .sarif or .json that gets another format: written as asked, and one warning', async () => {
    const dir = makeTree({ 'w.yaml': 'name: w\nnodes: []\n' });
    for (const [name, args, format, expected] of [
      ['r.sarif', ['--format', 'text'], 'text', 'SARIF'],
      ['r.json', ['--format', 'sarif'], 'sarif', 'JSON'],
      ['s.sarif', ['--json'], 'json', 'SARIF'],
    ] as const) {
      const r = await check(dir, [...args, '--output', name]);
      expect(r.code, r.stderr).toBe(0);
      const warnings = r.stderr.split('\n').filter((l) => l.startsWith('warning:'));
      expect(warnings, r.stderr).toEqual([
        expect.stringMatching(
          new RegExp(`^warning: ${name.replace('.', '\\.')} holds the ${format} report, not ${expected}: `),
        ),
      ]);
      const text = readFileSync(join(dir, name), 'utf8');
      if (format === 'text') expect(text).toMatch(/^Scanned 1 file/m);
      else expect(() => JSON.parse(text)).not.toThrow();
    }
    // A name that agrees with the format, and a name of no format: no warning.
    for (const args of [
      ['--format', 'sarif', '--output', 'ok.sarif'],
      ['--output', 'r.txt'],
    ]) {
      const r = await check(dir, args);
      expect(r.stderr).not.toMatch(/^warning:/m);
    }
  });
});
