// The three test levels are folders (vitest.config.ts). This fails when a test file sits in none of
// them (vitest would never run it), when a unit test can reach the code that spawns the built CLI
// (unit needs no build), and when a test borrows another level's files instead of test/helpers/.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import picomatch from 'picomatch';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { LEVELS } from '../../vitest.config.js';
import { REPO_ROOT } from '../helpers/repo.js';

const TEST = join(REPO_ROOT, 'test');
const files = (readdirSync(TEST, { recursive: true }) as string[])
  .map((f) => `test/${f.split('\\').join('/')}`)
  .filter((f) => f.endsWith('.ts'));
const tests = files.filter((f) => f.endsWith('.test.ts'));
const levelOf = (f: string) =>
  Object.keys(LEVELS).filter((l) => picomatch(LEVELS[l as keyof typeof LEVELS])(f));

const parsed = new Map<string, string[]>();

/** The test files `file` imports by a relative path, resolved to repo paths (`x.js` → `x.ts`). */
function localImports(file: string): string[] {
  const known = parsed.get(file);
  if (known) return known;
  const { importedFiles } = ts.preProcessFile(readFileSync(join(REPO_ROOT, file), 'utf8'), true, true);
  const imports = importedFiles
    .map((i) => i.fileName)
    .filter((s) => s.startsWith('.'))
    .map((s) => relative(REPO_ROOT, join(REPO_ROOT, dirname(file), s)).replace(/\.js$/, '.ts'))
    .filter((f) => f.startsWith('test/'));
  parsed.set(file, imports);
  return imports;
}

/** Every test file reachable from `file` through relative imports, `file` included. */
function reach(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const f of localImports(file)) reach(f, seen);
  return seen;
}

/** The helpers that spawn `bin/fibonacci.cjs`, which loads the build in dist/. */
const SPAWNS_THE_BUILD = ['test/helpers/spawn-cli.ts', 'test/helpers/emulator.ts'];

describe('test levels', () => {
  it('every test file is in exactly one level', () => {
    expect(tests.length).toBeGreaterThan(90);
    expect(tests.filter((f) => levelOf(f).length !== 1)).toEqual([]);
  });

  it('no unit test reaches the helpers that spawn the built CLI', () => {
    const unit = tests.filter((f) => levelOf(f)[0] === 'unit');
    const offenders = unit.filter((f) => SPAWNS_THE_BUILD.some((h) => reach(f).has(h)));
    expect(offenders).toEqual([]);
  });

  it('a test imports its own level and test/helpers/, never another level', () => {
    const crossing: string[] = [];
    for (const f of files.filter((x) => !x.startsWith('test/helpers/'))) {
      const level = f.split('/')[1];
      for (const i of localImports(f)) {
        if (!i.startsWith('test/helpers/') && i.split('/')[1] !== level) crossing.push(`${f} → ${i}`);
      }
    }
    for (const h of files.filter((x) => x.startsWith('test/helpers/'))) {
      for (const i of localImports(h)) if (!i.startsWith('test/helpers/')) crossing.push(`${h} → ${i}`);
    }
    expect(crossing).toEqual([]);
  });
});
