// Comments and strings that stay true. A reference to a Markdown file must name one the repository
// has (from its root, or from the referring file's folder): a design document that lives elsewhere
// cannot be checked, and its names drift from the code. An issue or pull-request number ages the
// same way; the history behind a line is in git, and a comment says why, not where from.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/repo.js';

/** The folders whose files may hold such a reference (docs/ and README.md are the references). */
const SCANNED = ['src', 'test', 'scripts', 'bench', 'bin'];
/** Built or generated folders under those, not the repository's own text. */
const SKIPPED = /(^|\/)(node_modules|\.variants)(\/|$)/;
/** This file: its examples of what is refused are what the last test feeds the patterns. */
const SELF = 'test/unit/references.test.ts';

/** Repository paths of every text file under SCANNED. */
function scannedFiles(): string[] {
  const out: string[] = [];
  for (const top of SCANNED) {
    for (const rel of readdirSync(join(REPO_ROOT, top), { recursive: true, withFileTypes: true })) {
      if (!rel.isFile()) continue;
      const path = relative(REPO_ROOT, join(rel.parentPath, rel.name)).split(sep).join('/');
      if (!SKIPPED.test(path) && path !== SELF) out.push(path);
    }
  }
  return out.sort();
}

// A path ending in .md that does not continue a longer word, path or URL (`://host/x.md` is a web
// address, not a file here).
const MARKDOWN_PATH = /(?<![\w./:@-])[\w][\w./-]*\.md\b/g;
// "issue 6", "Issues #12", "#123" standing alone: a tracker's number, not a reason.
const TRACKER_NUMBER = /\b[Ii]ssues? #?\d+\b|(?<![\w&#/])#\d+\b/g;

/** `file:line: reference` for every reference in `text` that `bad` finds. */
function findings(file: string, text: string, bad: (match: string) => boolean, pattern: RegExp): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(pattern)) if (bad(m[0])) found.push(`${file}:${i + 1}: ${m[0]}`);
  });
  return found;
}

const files = scannedFiles().map((file) => ({ file, text: readFileSync(join(REPO_ROOT, file), 'utf8') }));
const textFiles = files.filter(({ text }) => !text.includes('\u0000'));

/** Whether `ref` names a file the repository has, from its root or from `file`'s folder. */
function exists(file: string, ref: string): boolean {
  return existsSync(join(REPO_ROOT, ref)) || existsSync(join(REPO_ROOT, dirname(file), ref));
}

describe('references in src/, test/, scripts/, bench/ and bin/', () => {
  it('scans the repository’s own files (a walk that finds nothing would pass anything)', () => {
    const paths = textFiles.map((f) => f.file);
    expect(paths).toContain('src/main.ts');
    expect(paths).toContain('test/unit/test-levels.test.ts');
    expect(paths).toContain('bench/run.mjs');
    expect(paths.length).toBeGreaterThan(300);
  });

  it('every Markdown file named is one the repository has', () => {
    const missing = textFiles.flatMap(({ file, text }) =>
      findings(file, text, (ref) => !exists(file, ref), MARKDOWN_PATH),
    );
    expect(missing).toEqual([]);
  });

  it('no issue or pull-request numbers: the history is in git', () => {
    const tags = textFiles.flatMap(({ file, text }) => findings(file, text, () => true, TRACKER_NUMBER));
    expect(tags).toEqual([]);
  });

  // A key a secret scanner (and a reader) takes for a production key is never written out whole:
  // a test that needs one builds it from parts (`fib_${'live_…'}`); fib_test_ keys name themselves.
  it('no literal live API key (fib_live_ and 16 key characters)', () => {
    const live = new RegExp(['fib', 'live', '[A-Za-z0-9]{16}'].join('_'), 'g');
    expect(textFiles.flatMap(({ file, text }) => findings(file, text, () => true, live))).toEqual([]);
  });

  it('the patterns find what they are for, and leave the repository’s own paths alone', () => {
    const refs = (line: string) => [...line.matchAll(MARKDOWN_PATH)].map((m) => m[0]);
    expect(refs('// as design.md says, and docs/api.md "Conventions" (see README.md)')).toEqual([
      'design.md',
      'docs/api.md',
      'README.md',
    ]);
    expect(refs('// https://example.com/guide.md and x.mdx')).toEqual([]);
    expect(exists('src/main.ts', 'docs/api.md')).toBe(true);
    expect(exists('src/main.ts', 'api.md')).toBe(false);
    expect(exists('bench/run.mjs', 'RESULTS.md')).toBe(true);
    const tags = (line: string) => [...line.matchAll(TRACKER_NUMBER)].map((m) => m[0]);
    expect(tags('// issue 6: x (Issue #12), fixed in #345')).toEqual(['issue 6', 'Issue #12', '#345']);
    expect(tags("// &#39; is a quote; 'a#1' and url/#2 are not tags")).toEqual([]);
  });
});
