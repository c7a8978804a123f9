// A definition file the parser refuses (or warns about) is named by its place and fixed words in
// the built CLI's own stderr: never the file's text, which may hold a secret, and never a raw
// terminal escape. The yaml package prints its warnings to stderr by itself unless told not to.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../helpers/security-check.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const CANARY = 'Tr0ub4dorSECRETx9';
const head = "name: w\nversion: '1'\nnodes:\n  - id: a\n    type: tool\n";

describe('workflow create --file: parser problems, without the file', () => {
  it.each([
    [
      'a !tag (a password the parser takes for a tag)',
      `${head}    pw: !${CANARY}\n`,
      'line 6, column 9: an unknown tag (a value starting with "!" must be quoted)',
    ],
    [
      'a !!int that is not one',
      `${head}    pw: !!int ${CANARY}\n`,
      'line 6, column 9: an unknown tag (a value starting with "!" must be quoted)',
    ],
    [
      'an unknown directive, with escapes',
      `%\u001b]0;PWNED\u0007${CANARY} x\n---\n${head}`,
      'line 1, column 1: an unknown or malformed directive',
    ],
    [
      'an alias that names no anchor',
      `${head}    pw: *${CANARY}\n`,
      'line 6, column 9: an unknown alias (a value starting with "*" must be quoted)',
    ],
    [
      'JSON with a pasted key',
      `{"name": "w", "token": fib_test_${CANARY}}`,
      'line 1, column 24: unexpected character',
    ],
  ])('%s', async (_what, text, words) => {
    const dir = tempDir();
    const file = join(dir, text.startsWith('{') ? 'w.json' : 'w.yaml');
    writeFileSync(file, text);
    const r = await runCli(['workflow', 'create', 'staging/w', '--file', file], {
      env: { FIBONACCI_API_KEY: 'fib_test_notusedbecausethefileisrefused00000' },
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const expected = words.startsWith('line')
      ? `error: --file ${file} is not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'} (${words})\nhint: see \`fibonacci workflow create --help\`\n`
      : `error: --file ${file} is not valid YAML: ${words}\nhint: see \`fibonacci workflow create --help\`\n`;
    expect(r.stderr).toBe(expected);
    expect(r.stderr).not.toContain(CANARY);
    expect(r.stderr).not.toContain('\u001b');
  });
});

// NC9-5, NC9-6: `security check` said js-yaml's words at js-yaml's place (`bad indentation of a
// sequence entry` at 5:4), `workflow create --file` the yaml package's code at its own (`missing
// char` at 5:1). Both now say the upload's reader's problem, at one place, in the same plain words.
describe('a YAML syntax error: the same place and words from workflow create and security check', () => {
  it.each([
    ['a key indented short', `${head}   pw: x\n`],
    ['a flow sequence not closed', `${head}    pw: [1, 2\nedges: []\n`],
    ['a tab in indentation', `${head}\t- b\n`],
    ['a key given twice', `${head}    type: llm\n`],
    ['a password taken for a tag', `${head}    pw: !${CANARY}\n`],
    ['a password taken for an alias', `${head}    pw: *${CANARY}\n`],
    [
      'a double-quoted escape, with a terminal escape near',
      `${head}    pw: "\\q\u001b]0;PWNED\u0007${CANARY}"\n`,
    ],
  ])('%s', async (_what, text) => {
    const dir = tempDir();
    const file = join(dir, 'w.yaml');
    writeFileSync(file, text);
    const made = await runCli(['workflow', 'create', 'staging/w', '--file', file], {
      env: { FIBONACCI_API_KEY: 'fib_test_notusedbecausethefileisrefused00000' },
    });
    const checked = await check(dir, ['w.yaml']);
    expect(made.code).toBe(2);
    expect(checked.code).toBe(3);
    const created =
      /^error: --file \S+ (?:is not valid YAML \(line (\d+), column (\d+): (.+)\)|has \d+ problems: nothing was sent\n {2}line (\d+), column (\d+): not valid YAML: (.+))\n/.exec(
        made.stderr,
      );
    // The first problem (check lists the others after it, `; also L:C: …`, as create lists them).
    const scanned = /^error: w\.yaml:(\d+):(\d+): invalid YAML: (.+?)(?:; also .*)?\nhint: /.exec(
      checked.stderr,
    );
    expect(created, made.stderr).not.toBeNull();
    expect(scanned, checked.stderr).not.toBeNull();
    const [, l1, c1, w1, l2, c2, w2] = created as RegExpExecArray;
    expect(scanned?.slice(1)).toEqual([l1 ?? l2, c1 ?? c2, w1 ?? w2]);
    for (const out of [made.stderr, checked.stderr, checked.stdout]) {
      expect(out).not.toContain(CANARY);
      expect(out).not.toContain('\u001b');
    }
    // No parser's snippet of the file (`  4 |     pw: …` and a caret line) in an error. The report
    // on stdout may show one of its own, masked: a credential in the file that does not parse is
    // still reported (hostile s14).
    for (const out of [made.stderr, checked.stderr]) {
      expect(out).not.toMatch(/^ *\d+ \|/m);
      expect(out).not.toContain('^');
    }
  });
});

// Newcomer pass 14, NC-15: one line indented 3 spaces where 4 are due was "a missing colon, comma,
// dash or closing quote" at its line and "bad indentation" at the correct line after it.
describe('one mis-indented line (NC-15)', () => {
  const text = `${head}   bad: indent\n    blob: !!binary aGVsbG8=\n`;

  it('workflow create --file and security check name its indentation, not its neighbour', async () => {
    const dir = tempDir();
    const file = join(dir, 'w.yaml');
    writeFileSync(file, text);
    const made = await runCli(['workflow', 'create', 'staging/w', '--file', file], {
      env: { FIBONACCI_API_KEY: 'fib_test_notusedbecausethefileisrefused00000' },
    });
    expect(made.code).toBe(2);
    expect(made.stderr).toContain('line 6, column 4: not valid YAML: bad indentation');
    expect(made.stderr).not.toContain('a missing colon');
    expect(made.stderr).not.toMatch(/line 7, column \d+: not valid YAML/);
    const checked = await check(dir, ['w.yaml']);
    expect(checked.code).toBe(3);
    expect(checked.stderr).toMatch(/^error: w\.yaml:6:4: invalid YAML: bad indentation(?:;|\n)/);
    expect(checked.stderr).not.toContain('a missing colon');
    expect(checked.stderr).not.toMatch(/also 7:\d+: bad indentation/);
  });
});
