// The exit-code table: one row per kind, the two kinds later commands will use, and the README's
// copy of the table, which a person reads instead of `fibonacci help exit-codes`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError, EXIT_CODES, exitCodeFor } from '../../../src/lib/errors.js';
import { REPO_ROOT } from '../../helpers/repo.js';
import { runInProcess } from '../../helpers/run-in-process.js';

describe('the exit-code table', () => {
  it('has check_failed = 11 and not_found = 12, and no code or kind twice', () => {
    expect(exitCodeFor('check_failed')).toBe(11);
    expect(exitCodeFor('not_found')).toBe(12);
    expect(new CliError('not_found', 'x').exitCode).toBe(12);
    expect(new Set(EXIT_CODES.map((e) => e.code)).size).toBe(EXIT_CODES.length);
    expect(new Set(EXIT_CODES.map((e) => e.kind)).size).toBe(EXIT_CODES.length);
  });

  it('`help exit-codes` prints every row, 11 and 12 included', async () => {
    const r = await runInProcess(['help', 'exit-codes']);
    expect(r.code).toBe(0);
    // Wrapped at the help width (80 here), a meaning's next lines under the meaning.
    expect(Math.max(...r.stdout.split('\n').map((l) => l.length))).toBeLessThanOrEqual(80);
    const unwrapped = r.stdout.replace(/\n {5}/g, ' ');
    expect(unwrapped).toBe(EXIT_CODES.map((e) => `${String(e.code).padStart(3)}  ${e.meaning}\n`).join(''));
    expect(unwrapped).toContain(
      ' 11  a check did not pass: security check found problems at or above --fail-on, secret health is unhealthy, access check said no\n',
    );
    expect(unwrapped).toMatch(/^ 12 {2}not found: /m);
  });

  it("the README's table lists exactly the codes of the table", () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const section = readme.split('## Exit codes')[1]?.split('\n## ')[0] ?? '';
    const codes = [...section.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
    expect(codes).toEqual(EXIT_CODES.map((e) => e.code));
  });
});
