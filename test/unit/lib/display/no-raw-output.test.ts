// Every byte a person reads goes through src/lib/display/, which escapes text from outside. This
// test walks the syntax tree of every file under src/ and fails on any other way to reach the
// terminal: a use of an IO's `out`/`err` (called, passed on or destructured), a `.stdout`/`.stderr`
// stream, `console.*`, `writeSync`, or a hand-applied `io.style(…)` (styles are runs of the layer).
// The few places that write program text of their own are listed below with the reason.
//
// What it does not catch: a terminal reached some other way (a stream opened on /dev/tty, a
// Writable renamed before use, `globalThis.process`), and files a user later prints (an audit
// export is data and keeps the server's bytes). Within the layer, a literal `t` part is trusted:
// only source code can make one.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../helpers/repo.js';

const SRC = join(REPO_ROOT, 'src');

/** The layer itself and the IO implementations it writes through (io-streams.ts: io.ts's stdout on a file). */
const EXEMPT = new Set([
  'src/lib/io.ts',
  'src/lib/io-streams.ts',
  'src/lib/fake-io.ts',
  'src/commands/completion/quiet-io.ts',
]);
const EXEMPT_DIR = 'src/lib/display/';

/** file → the raw writes it may keep, each `what` as found below, with why. */
const ALLOWED: Record<string, Array<{ what: string; why: string }>> = {
  'src/program.ts': [
    { what: 'deps.io.out', why: "commander's help text: program text" },
    { what: 'deps.io.err', why: "commander's usage errors: program text and the user's own argv" },
  ],
  'src/main.ts': [
    { what: 'writeSync', why: 'the bare --version, before any stream exists' },
    { what: 'process.stdout', why: 'EPIPE handler' },
    { what: 'process.stderr', why: 'EPIPE handler' },
    { what: 'process.stdout', why: 'flushing before exit (writes nothing)' },
  ],
  'src/commands/help.ts': [
    { what: 'deps.io.out', why: '`help exit-codes`: a table of constants' },
    { what: 'deps.io.out', why: '`help environment`: a table of constants' },
  ],
  'src/commands/completion/index.ts': [
    { what: 'deps.io.out', why: 'a completion script generated from the command tree' },
  ],
  'src/lib/pid-lock.ts': [{ what: 'writeSync', why: 'the lock file itself (data, not the terminal)' }],
  'src/lib/output-file.ts': [
    { what: 'writeSync', why: 'a report or baseline written through to the FIFO or device the user named' },
  ],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every raw write in one file, as `what` (the expression that reaches the terminal) and its line. */
function rawWrites(source: string, fileName = 'x.ts'): Array<{ what: string; line: number }> {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true);
  const found: Array<{ what: string; line: number }> = [];
  const add = (node: ts.Node, what: string) =>
    found.push({ what, line: file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1 });
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node)) {
      const name = node.name.text;
      const receiver = node.expression.getText(file);
      if (name === 'out' || name === 'err') add(node, `${receiver}.${name}`);
      else if (name === 'stdout' || name === 'stderr') add(node, `${receiver}.${name}`);
      else if (name === 'style' && ts.isCallExpression(node.parent) && node.parent.expression === node)
        add(node, `${receiver}.style`);
      else if (receiver === 'console') add(node, `console.${name}`);
    } else if (ts.isElementAccessExpression(node) && ts.isStringLiteral(node.argumentExpression)) {
      const name = node.argumentExpression.text;
      if (['out', 'err', 'stdout', 'stderr'].includes(name))
        add(node, `${node.expression.getText(file)}[${name}]`);
    } else if (ts.isBindingElement(node)) {
      const name = (node.propertyName ?? node.name).getText(file);
      if (['out', 'err', 'stdout', 'stderr'].includes(name)) add(node, `{ ${name} }`);
    } else if (ts.isIdentifier(node) && node.text === 'writeSync' && ts.isCallExpression(node.parent)) {
      add(node, 'writeSync');
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('no raw output outside src/lib/display/', () => {
  it('every write to the terminal from src/ goes through the display layer, or is listed with a reason', () => {
    const unexpected: string[] = [];
    const stale: string[] = [];
    for (const path of sourceFiles(SRC)) {
      const rel = relative(REPO_ROOT, path);
      if (EXEMPT.has(rel) || rel.startsWith(EXEMPT_DIR)) continue;
      const allowed = [...(ALLOWED[rel] ?? [])];
      for (const hit of rawWrites(readFileSync(path, 'utf8'), rel)) {
        const i = allowed.findIndex((a) => a.what === hit.what);
        if (i >= 0) allowed.splice(i, 1);
        else unexpected.push(`${rel}:${hit.line} ${hit.what}`);
      }
      for (const a of allowed) stale.push(`${rel}: ${a.what} (${a.why}) is listed but gone`);
    }
    expect(unexpected, 'print through src/lib/display/ (line, note, warn, printRows, printBlock…)').toEqual(
      [],
    );
    expect(stale, 'remove the entry from ALLOWED').toEqual([]);
  });

  it('catches each way a command could print text raw', () => {
    const source = `
      ctx.io.out(\`\${name}\\n\`);
      io.err(line);
      const write = ctx.io.out;
      const { err } = ctx.io;
      ctx.io.stdout.write(x);
      io['out'](x);
      console.log(x);
      writeSync(1, x);
      note(io, io.style('red', name));
      line(io, t\`\${name}\`);
      const table = { style: (r) => 'red' };
    `;
    expect(rawWrites(source).map((h) => h.what)).toEqual([
      'ctx.io.out',
      'io.err',
      'ctx.io.out',
      '{ err }',
      'ctx.io.stdout',
      'io[out]',
      'console.log',
      'writeSync',
      'io.style',
    ]);
  });
});
