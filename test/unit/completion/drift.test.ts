// completions/ and man/ are generated from the live tree by `npm run gen`. This fails when they
// drift from it: run `npm run gen` and commit the result. What man(1) shows a reader is checked by
// test/integration/dist/man-page.test.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedFiles } from '../../../src/commands/completion/generate.js';
import { FakeIO } from '../../../src/lib/fake-io.js';
import { buildProgram } from '../../../src/program.js';
import { REPO_ROOT } from '../../helpers/repo.js';
import { runInProcess } from '../../helpers/run-in-process.js';

const version = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;
const files = generatedFiles(buildProgram({ io: new FakeIO(), env: {} }), version);

describe('generated files match the command tree (else: npm run gen)', () => {
  it.each(Object.keys(files))('%s', (path) => {
    expect(readFileSync(join(REPO_ROOT, path), 'utf8')).toBe(files[path]);
  });

  it.each([
    ['bash', 'completions/fibonacci.bash'],
    ['zsh', 'completions/_fibonacci'],
    ['fish', 'completions/fibonacci.fish'],
    ['powershell', 'completions/fibonacci.ps1'],
  ])('`fibonacci completion %s` prints %s', async (shell, path) => {
    const r = await runInProcess(['completion', shell]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(readFileSync(join(REPO_ROOT, path), 'utf8'));
  });

  it('the man page source has its title line, sections and the main commands', () => {
    const man = files['man/fibonacci.1'] ?? '';
    expect(man).toMatch(/^\.TH FIBONACCI 1 "" "fibonacci \d+\.\d+\.\d+"/);
    for (const c of ['auth login', 'secret set', 'audit export', 'completion install']) {
      expect(man).toContain(`.SS "fibonacci ${c}"`);
    }
    expect(man).toContain('.SH ENVIRONMENT');
    expect(man).toContain('.SH EXIT STATUS');
  });
});
