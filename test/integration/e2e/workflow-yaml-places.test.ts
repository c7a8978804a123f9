// YAML problems that were said in a parser's own words or at a line the user would not look at,
// through the built CLI: `workflow create --file` and `security check` must say one wording, at the
// place of the problem, with a hint (YWORDS: nesting too deep, a billion laughs).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../helpers/security-check.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const head = "name: w\nversion: '1'\nnodes:\n  - id: a\n    type: tool\n";
const CREATE_HINT = 'hint: see `fibonacci workflow create --help`\n';

/** What each command says of `text` as w.yaml: create's stderr and exit code, check's error line. */
async function both(text: string) {
  const dir = tempDir();
  const file = join(dir, 'w.yaml');
  writeFileSync(file, text);
  const made = await runCli(['workflow', 'create', 'staging/w', '--file', file], {
    env: { FIBONACCI_API_KEY: 'fib_test_notusedbecausethefileisrefused00000' },
  });
  const checked = await check(dir, ['w.yaml']);
  return {
    create: { code: made.code, stdout: made.stdout, stderr: made.stderr.replaceAll(file, 'FILE') },
    check: {
      code: checked.code,
      stderr: checked.stderr.split('\n')[0],
      hint: /\nhint: \S/.test(checked.stderr),
    },
  };
}

/** Create's one-problem error and check's at the same place in the same words. */
const said = (line: number, column: number, words: string) => ({
  create: {
    code: 2,
    stdout: '',
    stderr: `error: --file FILE is not valid YAML (line ${line}, column ${column}: ${words})\n${CREATE_HINT}`,
  },
  check: { code: 3, stderr: `error: w.yaml:${line}:${column}: invalid YAML: ${words}`, hint: true },
});

// A billion laughs: ten anchors, each a list of ten aliases of the one before (10^10 values).
const laughs = [
  `${head}    config:`,
  '      a: &a [x, x, x, x, x, x, x, x, x, x]',
  ...'bcdefghij'.split('').map((c, i) => {
    const p = 'abcdefghij'[i];
    return `      ${c}: &${c} [${Array(10).fill(`*${p}`).join(', ')}]`;
  }),
  '',
].join('\n');

describe('YWORDS: nesting too deep and too many aliases, in one wording from both commands', () => {
  it('2,000 nested flow sequences: at the place past the limit (create said "more aliases")', async () => {
    const text = `${head}    a: ${'['.repeat(2000)}${']'.repeat(2000)}\n`;
    expect(await both(text)).toEqual(said(6, 525, 'nested more than 512 levels deep'));
  }, 60_000);

  it('600 nested block mappings: placed by create too (it said no place)', async () => {
    const lines = Array.from({ length: 600 }, (_, i) => `${'  '.repeat(i + 3)}k${i}:`);
    const text = `${head}    config:\n${lines.join('\n')}\n${'  '.repeat(603)}x\n`;
    expect(await both(text)).toEqual(said(523, 1039, 'nested more than 512 levels deep'));
  }, 60_000);

  it('a billion laughs: refused by check too (it passed it), at the alias past the guard', async () => {
    expect(await both(laughs)).toEqual(
      said(9, 46, 'more alias expansions than a definition needs (at most 100)'),
    );
  }, 60_000);
});

// YPOS: the yaml package put an over-indented key at the value before it (line 6 here), and a flow
// collection not closed at the next line of the block (line 7), with `bad indentation`.
describe('YPOS: at the line of the problem, from both commands', () => {
  const FLOW_SEQ = 'a flow sequence "[" not closed (close it with "]", or indent its next lines)';
  const FLOW_MAP = 'a flow mapping "{" not closed (close it with "}", or indent its next lines)';

  it.each([
    ['an over-indented key', `${head}    a: 1\n       b: 2\n`, said(7, 8, 'bad indentation')],
    [
      'an over-indented key after a value of two lines',
      `${head}    a: x\n      y\n       b: 2\n`,
      said(8, 8, 'bad indentation'),
    ],
    ['a flow sequence not closed', `${head}    x: [1, 2\n    y: 3\n`, said(6, 8, FLOW_SEQ)],
    ['a flow mapping not closed', `${head}    x: {p: 1\n    y: 3\n`, said(6, 8, FLOW_MAP)],
    ['a flow sequence in a flow sequence', `${head}    x: [1, [2, 3]\n    y: 3\n`, said(6, 8, FLOW_SEQ)],
  ])(
    '%s',
    async (_what, text, expected) => {
      expect(await both(text)).toEqual(expected);
    },
    60_000,
  );

  it('a compact nested mapping on one line stays where it is', async () => {
    expect(await both(`${head}    a: b: c\n`)).toEqual(said(6, 8, 'a nested block where a key was expected'));
  }, 60_000);
});

// YTAGS: a syntax error hid the tag problems of the file until it was fixed: security check said
// only the first error (errors before warnings: the tag above it came in a second run), and
// workflow create --file left out a value JSON cannot hold (`!!binary`) once there was an error.
describe('YTAGS: every local YAML problem at once', () => {
  const TAG = 'an unknown tag (a value starting with "!" must be quoted)';
  const broken = `${head}    v: !!python/object x\n  - id: b\n   w: 1\n`;

  it('an unknown tag above a bad indent: check says both, the tag first', async () => {
    const r = await both(broken);
    expect(r.check).toEqual({
      code: 3,
      stderr: `error: w.yaml:6:8: invalid YAML: ${TAG}; also 8:4: bad indentation`,
      hint: true,
    });
    expect(r.create.stderr).toBe(
      [
        'error: --file FILE has 2 problems: nothing was sent',
        `  line 6, column 8: not valid YAML: ${TAG}`,
        '  line 8, column 4: not valid YAML: bad indentation',
        '',
      ].join('\n'),
    );
  }, 60_000);

  it('!!binary above a bad indent: create lists it with the syntax problem, check too', async () => {
    const r = await both(`${head}    v: !!binary aGVsbG8=\n  - id: b\n   w: 1\n`);
    expect(r.create.stderr.split('\n').slice(0, 3)).toEqual([
      'error: --file FILE has 2 problems: nothing was sent',
      '  line 6, column 17: nodes.0.v is binary data (!!binary), which a definition (JSON) cannot hold',
      '  line 8, column 4: not valid YAML: bad indentation',
    ]);
    expect(r.check.stderr).toBe(
      'error: w.yaml:6:17: invalid YAML: binary data (!!binary), which a definition (JSON) cannot hold; also 8:4: bad indentation',
    );
  }, 60_000);
});
