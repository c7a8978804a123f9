// Help text as a user sees it, captured from commander (including the "Examples:" section that
// examples() adds), at a fixed width and without colour, for the man page and the help tests.
import { type AnyCommand, visibleCommands } from './model.js';

/** The full `--help` output of a command at `width` columns (80 unless told), without colour. */
export function renderHelp(cmd: AnyCommand, width = 80): string {
  let text = '';
  const saved = cmd.configureOutput();
  cmd.configureOutput({
    ...saved,
    writeOut: (s: string) => {
      text += s;
    },
    writeErr: (s: string) => {
      text += s;
    },
    getOutHelpWidth: () => width,
    getErrHelpWidth: () => width,
    getOutHasColors: () => false,
    getErrHasColors: () => false,
  });
  try {
    cmd.outputHelp();
  } finally {
    cmd.configureOutput(saved);
  }
  return text;
}

/** Every visible command below the root, depth first, with its path. */
export function visibleTree(program: AnyCommand): Array<{ path: string[]; cmd: AnyCommand }> {
  const out: Array<{ path: string[]; cmd: AnyCommand }> = [];
  const walk = (cmd: AnyCommand, path: string[]) => {
    for (const sub of visibleCommands(cmd)) {
      const p = [...path, sub.name()];
      out.push({ path: p, cmd: sub });
      walk(sub, p);
    }
  };
  walk(program, []);
  return out;
}

/** The examples of a help text: [comment, command line] pairs from its "Examples:" section. */
export function parseExamples(help: string): Array<[string, string]> {
  const section = help.split(/^Examples:$/m)[1] ?? '';
  const out: Array<[string, string]> = [];
  let comment = '';
  for (const line of section.split('\n')) {
    const c = /^\s+# (.+)$/.exec(line);
    const cmd = /^\s+\$ (.+)$/.exec(line);
    if (c) comment = c[1] ?? '';
    else if (cmd) {
      out.push([comment, cmd[1] ?? '']);
      comment = '';
    }
  }
  return out;
}

/** Whether a command does something itself (an action) rather than only grouping others. */
export function isRunnable(cmd: AnyCommand): boolean {
  // commander keeps the action handler private; a command without one only shows its help.
  return (cmd as unknown as { _actionHandler: unknown })._actionHandler != null;
}
