// Newcomer pass 10 (PATHCAPS): messages said "PATH" in capitals for a path argument (`--from-file
// PATH`, "the PATH … has U+FFFD in it"), which reads as the PATH environment variable. No string in
// src/ says PATH as a word of its own now; a placeholder is FILE, a prose word is "path".
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../helpers/repo.js';

/** PATH as a word: not $PATH, FPATH, PATH_… or …_PATH (the variables themselves). */
const WORD = /(?<![$\w])PATH(?!\w)/;
/** Single-, double- or back-quoted text on one line. */
const STRINGS = /'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\\n]|\\.)*`/g;

function sources(): string[] {
  return readdirSync(join(REPO_ROOT, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join('src', f));
}

describe('the word PATH', () => {
  it('is in no string a person reads', () => {
    const found: string[] = [];
    for (const file of sources()) {
      readFileSync(join(REPO_ROOT, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const code = line.trimStart();
          // Comments, and a generated shell script's own comments.
          if (code.startsWith('//') || code.startsWith('*') || code.startsWith('/*') || code.startsWith('#'))
            return;
          for (const [s] of line.matchAll(STRINGS)) {
            if (WORD.test(s) && !/env\.PATH|process\.env/.test(s)) found.push(`${file}:${i + 1}: ${s}`);
          }
        });
    }
    expect(found).toEqual([]);
  });

  it('the scan finds one', () => {
    expect(WORD.test("'--from-file PATH'")).toBe(true);
    expect(WORD.test("'$PATH'")).toBe(false);
    expect(WORD.test("'FPATH'")).toBe(false);
  });
});
