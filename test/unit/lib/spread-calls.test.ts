// H14a-18: `open.push(...children)` with the 125,000 items of a 250 KB YAML list threw
// `RangeError: Maximum call stack size exceeded` (every spread item is an argument on the stack).
// Checked on the source: an array spread into a call is only one whose length the program itself
// bounds; anything else goes through lib/arrays.ts (pushAll, maxOf), which takes one item at a time.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { maxOf, pushAll } from '../../../src/lib/arrays.js';
import { REPO_ROOT } from '../../helpers/repo.js';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

/** Spreads into a call that are bounded by the program, by file and text, each with why. */
const BOUNDED = new Set([
  'src/commands/shared.ts: ...cmd.processedArgs', // a command's declared arguments
  'src/commands/usage-errors.ts: ...m.slice(1)', // a regular expression's groups
  'src/emulator/workflows/definition.ts: ...place.loc', // a path, at most MAX_NESTING deep
  'src/emulator/workflows/definition.ts: ...loc', // at(): a node's index, or nothing
  'src/lib/completion/man.ts: ...flagItems(own, spelled)', // a command's own flags
  'src/lib/security-check/decoded-scalars.ts: ...args', // a callback's fixed arguments
  'src/lib/security-check/decoded-scalars.ts: ...v', // a [value, start, end] tuple
  "src/lib/security-check/git-tracked.ts: ...rel.split('/')", // a path's parts
  'src/lib/security-check/yaml-key-values.ts: ...(range ?? [r[1], r[2]])', // a pair of offsets
  'src/lib/xdg.ts: ...UNDER_HOME[kind]', // a constant
]);

function spreadsIntoCalls(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.arguments)
      for (const arg of node.arguments)
        if (ts.isSpreadElement(arg) && !fixedLength(arg.expression))
          found.push(`${relative(REPO_ROOT, file)}: ${arg.getText(source)}`);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** An array literal (`...[a, b]`), or a choice between them, has the length it is written with. */
function fixedLength(e: ts.Expression): boolean {
  if (ts.isParenthesizedExpression(e)) return fixedLength(e.expression);
  if (ts.isArrayLiteralExpression(e)) return !e.elements.some(ts.isSpreadElement);
  if (ts.isConditionalExpression(e)) return fixedLength(e.whenTrue) && fixedLength(e.whenFalse);
  return false;
}

describe('no unbounded array is spread into a call (H14a-18)', () => {
  it('src/ spreads into a call only what the program bounds', () => {
    const all = files(join(REPO_ROOT, 'src')).flatMap(spreadsIntoCalls);
    expect(all.filter((s) => !BOUNDED.has(s))).toEqual([]);
  });

  it('pushAll and maxOf take more items than a call has room for arguments', () => {
    const many = Array.from({ length: 1_000_000 }, (_, i) => i);
    expect(() => [].push(...(many as never[]))).toThrow(RangeError);
    expect(pushAll([-1], many)).toHaveLength(1_000_001);
    expect(maxOf(many)).toBe(999_999);
    expect(maxOf([])).toBe(Number.NEGATIVE_INFINITY);
    expect(maxOf([], 0)).toBe(0);
  });
});
