// Walks the command tree and lists what a command's --help lacks: a one-line summary, its flags,
// and (for a command that runs) at least one example with a comment. The help test expects none.
import { isRunnable, parseExamples, renderHelp, visibleTree } from './help.js';
import type { AnyCommand } from './model.js';

/** Problems with the help of every visible command, as "fibonacci auth login: …" lines. */
export function checkHelp(program: AnyCommand): string[] {
  const problems: string[] = [];
  const all = [{ path: [] as string[], cmd: program }, ...visibleTree(program)];
  for (const { path, cmd } of all) {
    const name = [program.name(), ...path].join(' ');
    const summary = cmd.description();
    if (summary.trim() === '') problems.push(`${name}: no description`);
    else if (summary.includes('\n')) problems.push(`${name}: the description is more than one line`);
    const help = renderHelp(cmd);
    for (const option of cmd.options) {
      if (option.hidden) continue;
      const spelled = option.long ?? option.short ?? option.flags;
      if (!help.includes(spelled)) problems.push(`${name}: --help does not list ${spelled}`);
    }
    if (path.length > 0 && isRunnable(cmd)) {
      const examples = parseExamples(help);
      if (examples.length === 0) problems.push(`${name}: no example`);
      for (const [comment, line] of examples) {
        if (comment.trim() === '') problems.push(`${name}: example without a comment: ${line}`);
      }
    }
  }
  return problems;
}
