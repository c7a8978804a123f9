// The one error printer: every `error:` line a person reads is printed by printError, which
// redacts and escapes; nothing else in src/ may print one by hand (the class of defect where a
// command printed its own error lines without redaction).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { printError } from '../../../../src/lib/display/error.js';
import { CliError } from '../../../../src/lib/errors.js';
import { FakeIO } from '../../../../src/lib/fake-io.js';
import { FakeApi } from '../../../helpers/fake-api.js';
import { REPO_ROOT } from '../../../helpers/repo.js';
import { runInProcess } from '../../../helpers/run-in-process.js';

const KEY = 'fib_test_abcdefghijklmnopqrstuvwxyz0123';
const MASKED = 'fib_tes…123';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/**
 * Files of the CLI that name `errorLine` (imported, called or passed on) or type `error: ` by hand.
 * The emulator is left out: its `error: …` strings are health-check results in API bodies.
 */
function errorLinePrinters(): string[] {
  const found = new Set<string>();
  for (const path of sourceFiles(join(REPO_ROOT, 'src'))) {
    const rel = relative(REPO_ROOT, path);
    if (rel.startsWith('src/emulator/')) continue;
    const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node) && node.text === 'errorLine') found.add(rel);
      if (
        (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) &&
        /^error: /.test(node.text)
      )
        found.add(rel);
      if (ts.isTemplateHead(node) && /^error: /.test(node.text)) found.add(rel);
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return [...found].sort();
}

describe('one error printer', () => {
  it('only lib/display/error.ts prints `error:` lines (messages.ts defines errorLine)', () => {
    expect(errorLinePrinters()).toEqual(['src/lib/display/error.ts', 'src/lib/display/messages.ts']);
  });

  it('prints each detail on its own line under the error, redacted and escaped, before the hint', () => {
    const io = new FakeIO();
    const e = new CliError('usage', 'the input does not match', {
      details: [
        'input.email: must match format "email"',
        `input.token: ${KEY}\u001b[2J`,
        'the input does not match',
      ],
      hint: 'see the schema',
      requestId: 'req_1',
    });
    expect(printError(io, e)).toBe(2);
    expect(io.stderrText).toBe(
      'error: the input does not match (request req_1)\n' +
        '  input.email: must match format "email"\n' +
        `  input.token: ${MASKED}\\u001b[2J\n` +
        'hint: see the schema\n',
    );
  });

  it('a silent error prints nothing and still carries its exit code', () => {
    const io = new FakeIO();
    expect(printError(io, new CliError('interrupted', 'stopped', { silent: true }))).toBe(130);
    expect(io.stderrText).toBe('');
  });

  it('redacts the subject, the message, the request id and the hint', () => {
    const io = new FakeIO();
    const e = new CliError('forbidden', `key ${KEY} may not`, { hint: `rotate ${KEY}`, requestId: KEY });
    expect(printError(io, e, { subject: `A_${KEY}` })).toBe(5);
    expect(io.stderrText).toBe(
      `error: A_${MASKED}: key ${MASKED} may not (request ${MASKED})\nhint: rotate ${MASKED}\n`,
    );
    const bare = new FakeIO();
    printError(bare, e, { hint: false });
    expect(bare.stderrText).toBe(`error: key ${MASKED} may not (request ${MASKED})\n`);
  });
});

describe('every error line is redacted', () => {
  const ENV = { FIBONACCI_API_KEY: 'fib_test_abcdefghijklmnopqrstuvwxyz0123456789' };

  it("commander's usage errors: a key pasted as a flag's value is not repeated, as an option it is masked", async () => {
    const r = await runInProcess(['emulator', 'start', '--port', KEY]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`invalid --port (${KEY.length} characters, not repeated here)`);
    expect(r.stderr).not.toContain(KEY.slice(4, 12));
    const o = await runInProcess(['emulator', 'start', `--${KEY}`]);
    expect(o.code).toBe(2);
    expect(o.stderr).not.toContain(KEY.slice(4, 12));
    expect(o.stderr).toContain('unknown option (');
    // Another CLI's flag with a token after `=`: the flag is named, the value is not.
    const t = await runInProcess(['auth', 'login', `--token=ghp_${'aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3bC5'}`]);
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/^error: unknown option --token=…\n/);
    const c = await runInProcess([`ghp_${'aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3bC5'}`]);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/^error: unknown command \(40 characters, not repeated here\)/);
  });

  it('secret set --env-file: a per-entry API error quoting a key prints it masked', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'fib-bulk-')), 'bulk.env');
    writeFileSync(file, 'A=1\n');
    const api = new FakeApi().on('PUT', '/api/v1/secrets/A', new CliError('forbidden', `key ${KEY} may not`));
    const r = await runInProcess(['secret', 'set', '--env-file', file], { env: ENV, api });
    expect(r.code).toBe(5);
    expect(r.stderr).toBe(
      `error: A (line 1): key ${MASKED} may not; nothing was stored; not stored: A\nhint: \`fibonacci access check write secrets/shared/A\` says whether this key may, and which rule decides\n`,
    );
  });
});
