// The argv → options harness of test/unit/commands/<noun>/argv.test.ts, as gh tests each command's
// flags: main's own run() with the whole tree, but with a recorder where a verb would run, so a
// row sees exactly the options the run function would get, and nothing is loaded, sent or printed.
import { expect, it } from 'vitest';
import type { AnyCommand } from '../../../src/commands/shared.js';
import { FakeIO } from '../../../src/lib/fake-io.js';
import { run } from '../../../src/main.js';

/** What one argv came to: the verb that would run and its options, or what main printed. */
export interface Parsed {
  code: number;
  stdout: string;
  stderr: string;
  /** The verbs that would have run ('secret set'), with their options and the root's (global) options. */
  calls: Array<{ verb: string; options: unknown; globals: Record<string, unknown> }>;
}

function pathOf(cmd: AnyCommand): { verb: string; root: AnyCommand } {
  const names: string[] = [];
  let c = cmd;
  while (c.parent) {
    names.unshift(c.name());
    c = c.parent as AnyCommand;
  }
  return { verb: names.join(' '), root: c };
}

/** Parse `argv` as main does, recording the verb instead of running it. */
export async function parseArgv(argv: readonly string[], env: Record<string, string> = {}): Promise<Parsed> {
  const io = new FakeIO();
  const calls: Parsed['calls'] = [];
  const code = await run(argv, {
    io,
    env: { XDG_CONFIG_HOME: '/nonexistent-fibonacci-test-config', ...env },
    runVerb: async (cmd, options) => {
      const { verb, root } = pathOf(cmd);
      calls.push({ verb, options, globals: root.opts() });
    },
  });
  return { code, stdout: io.stdoutText, stderr: io.stderrText, calls };
}

/** A row's expectation when argv is refused: the exact stderr (or a pattern) and exit code, no verb run. */
export interface Refused {
  refused: string | RegExp;
  code?: number;
}

/** `refused(stderr)`: exit 2 (a usage error) unless `code` says otherwise. */
export function refused(stderr: string | RegExp, code = 2): Refused {
  return { refused: stderr, code };
}

/** One row: what follows the verb's words on the command line, and the options it gets or the refusal. */
export type Row = readonly [args: readonly string[], expected: Record<string, unknown> | Refused];

/**
 * One test per row of `verb` ('secret set'): `fibonacci <verb> <args…>`. An accepted argv runs
 * exactly that verb with exactly these options (toEqual: a key missing, extra or typed otherwise
 * fails) and prints nothing; a refused one prints exactly the refusal and runs nothing.
 */
export function argvTable(verb: string, rows: readonly Row[]): void {
  it.each(rows.map(([args, expected]) => ({ args, expected, name: [verb, ...args].join(' ') })))(
    '$name',
    async ({ args, expected }) => {
      const r = await parseArgv([...verb.split(' '), ...args]);
      if ('refused' in expected) {
        const { refused: stderr, code } = expected as Refused;
        expect({ code: r.code, stderr: r.stderr, stdout: r.stdout }).toEqual({
          code: code ?? 2,
          stderr:
            typeof stderr === 'string'
              ? stderr.replace(HELP_HINT, helpHint(verb))
              : expect.stringMatching(stderr),
          stdout: '',
        });
        expect(r.calls).toEqual([]);
        return;
      }
      expect({ code: r.code, stderr: r.stderr, stdout: r.stdout }).toEqual({
        code: 0,
        stderr: '',
        stdout: '',
      });
      expect(r.calls.map((c) => c.verb)).toEqual([verb]);
      expect(r.calls[0]?.options).toEqual(expected);
    },
  );
}

/**
 * The hint commander's own usage errors carry: the help of the command that failed. In a row of
 * argvTable it stands for `hint: see \`fibonacci <verb> --help\``, the verb the table is about.
 */
export const HELP_HINT = '<help hint>\n';
const helpHint = (verb: string) => `hint: see \`fibonacci ${verb} --help\`\n`;
