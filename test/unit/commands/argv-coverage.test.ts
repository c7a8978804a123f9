// Every verb has its argv → options table, and the one trap of commander's parsing that the tables
// found (a flag a parent declares too goes to the parent) is listed where it is handled.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnyCommand } from '../../../src/commands/shared.js';
import { FakeIO } from '../../../src/lib/fake-io.js';
import { buildProgram } from '../../../src/program.js';

const program = buildProgram({ io: new FakeIO(), env: {} });

function walk(cmd: AnyCommand, path: string[] = []): Array<{ path: string; cmd: AnyCommand }> {
  const here = path.length > 0 ? [{ path: path.join(' '), cmd }] : [];
  return [...here, ...cmd.commands.flatMap((c) => walk(c as AnyCommand, [...path, c.name()]))];
}

// Commander keeps the action on a private field; a command without one only shows its help.
const runs = (cmd: AnyCommand) => (cmd as unknown as { _actionHandler: unknown })._actionHandler != null;

describe('argv tables', () => {
  it('cover every verb (the script printers and help, which run no verb, are tested on their own)', () => {
    const dir = new URL('.', import.meta.url).pathname;
    const tabled = new Set(
      readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .flatMap((e) => {
          const file = join(dir, e.name, 'argv.test.ts');
          try {
            return [...readFileSync(file, 'utf8').matchAll(/argvTable\('([^']+)'/g)].map((m) => m[1]);
          } catch {
            return [];
          }
        }),
    );
    const verbs = walk(program)
      .filter(({ cmd }) => runs(cmd))
      .map(({ path }) => path);
    expect(verbs.filter((v) => !tabled.has(v))).toEqual([
      'completion bash',
      'completion zsh',
      'completion fish',
      'completion powershell',
      '__complete',
      'help',
    ]);
    expect([...tabled].filter((v) => !verbs.includes(v as string))).toEqual([]);
  });

  it('a flag both a verb and its parent declare is one the verb reads from its parent too', () => {
    const shared = walk(program).flatMap(({ path, cmd }) =>
      cmd.parent?.parent
        ? cmd.options
            .filter((o) => (cmd.parent as AnyCommand).options.some((p) => p.long === o.long))
            .map((o) => `${path} ${o.long}`)
        : [],
    );
    // Each is handled in its noun's index.ts, and a row of its argv table gives the flag after the verb.
    expect(shared).toEqual([
      'org members set-role --json',
      'org quota set --json',
      'org governance set --json',
    ]);
  });
});
