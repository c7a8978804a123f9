// security check never replaces a file it reads, nor writes two outputs to one file: an --output or
// --write-baseline naming the --baseline, a .gitignore the walk reads, a file of git's, or the other
// output is exit 2 with one error and its hint, before anything is scanned or written.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, makeTree } from '../../helpers/security-check.js';

const TOKEN = `${'ghp'}_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3bC5`;
const FILES = {
  'wf.yaml': `nodes: []\ntoken: ${TOKEN}\n`,
  '.gitignore': 'node_modules/\n',
  'sub/.gitignore': 'build/\n',
  'sub/wf2.yaml': 'nodes: []\n',
  '.git/index': 'not really an index\n',
};

/** Every file of the tree, as its text: nothing may change. */
const snapshot = (root: string, names: string[]) =>
  Object.fromEntries(
    names.map((n) => [n, existsSync(join(root, n)) ? readFileSync(join(root, n), 'utf8') : null]),
  );

describe('an output that names a file the check reads, or the other output', () => {
  it.each([
    [
      ['--baseline', 'b.json', '--output', 'b.json', 'wf.yaml'],
      '--output b.json is a file this check reads: writing it would replace it',
      'write the report to another file',
    ],
    [
      ['--baseline', 'b.json', '--output', './sub/../b.json', '--format', 'json', 'wf.yaml'],
      '--output ./sub/../b.json is a file this check reads: writing it would replace it',
      'write the report to another file',
    ],
    [
      ['--baseline', './b.json', '--write-baseline', 'b.json', 'wf.yaml'],
      '--baseline and --write-baseline name the same file',
      'write the new baseline elsewhere, or drop --baseline',
    ],
    [
      ['--output', '.gitignore', '.'],
      '--output .gitignore is a file this check reads: writing it would replace it',
      'write the report to another file',
    ],
    [
      ['--output', 'sub/.gitignore', '.'],
      '--output sub/.gitignore is a file this check reads: writing it would replace it',
      'write the report to another file',
    ],
    [
      ['--write-baseline', '.gitignore', 'sub'],
      '--write-baseline .gitignore is a file this check reads: writing it would replace it',
      'write the baseline to another file',
    ],
    [
      ['--output', '.git/index', '.'],
      '--output .git/index is a file this check reads: writing it would replace it',
      'write the report to another file',
    ],
    [
      ['--write-baseline', 'x.json', '--output', 'x.json', '--format', 'json', 'wf.yaml'],
      '--output and --write-baseline name the same file',
      'write the report and the baseline to two files',
    ],
    [
      ['--write-baseline', 'x.json', '--output', 'sub/../x.json', 'wf.yaml'],
      '--output and --write-baseline name the same file',
      'write the report and the baseline to two files',
    ],
  ])('%j: exit 2, nothing written', async (args, error, hint) => {
    const root = makeTree(FILES);
    const w = await check(root, ['--write-baseline', 'b.json', 'wf.yaml']);
    expect(w.code).toBe(0);
    const names = [...Object.keys(FILES), 'b.json', 'x.json'];
    const before = snapshot(root, names);
    const r = await check(root, args);
    expect(r.stderr).toBe(`error: ${error}\nhint: ${hint}\n`);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(2);
    expect(snapshot(root, names)).toEqual(before);
  });

  it('outputs to other files are written as before', async () => {
    const root = makeTree(FILES);
    mkdirSync(join(root, 'out'));
    await check(root, ['--write-baseline', 'b.json', 'wf.yaml']);
    const r = await check(root, [
      '--baseline',
      'b.json',
      '--write-baseline',
      'out/b2.json',
      '--output',
      'out/r.json',
      '--format',
      'json',
      '.',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(root, 'out', 'r.json'), 'utf8')).findings).toEqual([]);
    expect(JSON.parse(readFileSync(join(root, 'out', 'b2.json'), 'utf8')).findings).toHaveLength(1);
  });
});
