// A definition file the parser refuses (or warns about) is named by its place and fixed words in
// the built CLI's own stderr: never the file's text, which may hold a secret, and never a raw
// terminal escape. The yaml package prints its warnings to stderr by itself unless told not to.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const CANARY = 'Tr0ub4dorSECRETx9';
const head = "name: w\nversion: '1'\nnodes:\n  - id: a\n    type: tool\n";

describe('workflow create --file: parser problems, without the file', () => {
  it.each([
    [
      'a !tag (a password the parser takes for a tag)',
      `${head}    pw: !${CANARY}\n`,
      'line 6, column 9: tag resolve failed',
    ],
    ['a !!int that is not one', `${head}    pw: !!int ${CANARY}\n`, 'line 6, column 9: tag resolve failed'],
    [
      'an unknown directive, with escapes',
      `%\u001b]0;PWNED\u0007${CANARY} x\n---\n${head}`,
      'line 1, column 1: bad directive',
    ],
    ['an alias that names no anchor', `${head}    pw: *${CANARY}\n`, 'an alias that names no anchor'],
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
