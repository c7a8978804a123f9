// Help wraps at the terminal's width, as gh's does: below about 63 columns commander left option
// and argument descriptions unwrapped (the terminal broke them mid-word) and the help topics were
// never wrapped. Every command's help and both topics, at several widths: no line is wider than the
// terminal but the usage line, an example command (copied whole) and a single word too long to cut.
import { describe, expect, it } from 'vitest';
import { visibleTree } from '../../../src/lib/completion/help.js';
import type { AnyCommand } from '../../../src/lib/completion/model.js';
import { FakeIO } from '../../../src/lib/fake-io.js';
import { buildProgram } from '../../../src/program.js';

// A subcommand's term (`set-role [options] <user> <role>`) is not cut: 40 columns is the floor.
const WIDTHS = [40, 50, 62, 80, 120];

/** Every command of a tree told that the terminal is `width` columns wide, its output in `sink`. */
function atWidth(program: AnyCommand, width: number, sink: { text: string }): void {
  const walk = (cmd: AnyCommand) => {
    cmd.configureOutput({
      ...cmd.configureOutput(),
      writeOut: (s: string) => {
        sink.text += s;
      },
      getOutHelpWidth: () => width,
    });
    for (const sub of cmd.commands) walk(sub as AnyCommand);
  };
  walk(program);
}

/** The lines of a help text that are wider than `width` and could have been wrapped. */
function tooWide(text: string, width: number): string[] {
  let examples = false;
  return text.split('\n').filter((line) => {
    if (/^\S.*:$/.test(line)) examples = line === 'Examples:';
    if (examples || line.startsWith('Usage: ') || line.length <= width) return false;
    return /\S\s+\S/.test(line.trim());
  });
}

const program = buildProgram({ io: new FakeIO(), env: {} });
const commands = [{ path: [] as string[], cmd: program }, ...visibleTree(program)];

describe('help at the terminal width', () => {
  it.each(WIDTHS)('every command’s --help at %i columns: no line wider but usage and examples', (width) => {
    const wide: string[] = [];
    for (const { path, cmd } of commands) {
      const sink = { text: '' };
      atWidth(program, width, sink);
      cmd.outputHelp();
      for (const line of tooWide(sink.text, width)) wide.push(`${path.join(' ')}: ${line}`);
    }
    expect(wide).toEqual([]);
  });

  it.each([30, ...WIDTHS])('help exit-codes and help environment at %i columns', async (width) => {
    for (const topic of ['exit-codes', 'environment']) {
      const io = new FakeIO();
      const tree = buildProgram({ io, env: {} });
      atWidth(tree, width, { text: '' });
      await tree.parseAsync(['help', topic], { from: 'user' });
      await io.flushOut();
      expect(io.stdoutText.split('\n').length, topic).toBeGreaterThan(10);
      expect(tooWide(io.stdoutText, width), topic).toEqual([]);
    }
  });

  it('an option’s description wraps beside its term at 50 columns, and under it at 40', () => {
    const set = commands.find((c) => c.path.join(' ') === 'secret set')?.cmd as AnyCommand;
    const at = (width: number) => {
      const sink = { text: '' };
      atWidth(program, width, sink);
      set.outputHelp();
      return sink.text;
    };
    expect(at(50)).toContain(
      '  --env <environment>  environment (default:\n                       default_environment in\n',
    );
    expect(at(40)).toContain('  --env <environment>\n      environment (default:\n');
  });
});
