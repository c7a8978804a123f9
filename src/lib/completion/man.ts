// man/fibonacci.1, generated from the same commander tree as the help and the completion scripts.
import { parseExamples, renderHelp, visibleTree } from './help.js';
import type { AnyCommand, CompletionModel, FlagSpec } from './model.js';

/** Escape text for roff: backslashes, and a leading dot or quote that would read as a request. */
export function roff(text: string): string {
  return text
    .replace(/\\/g, '\\e')
    .replace(/-/g, '\\-')
    .replace(/^([.'])/gm, '\\&$1');
}

function flagItems(flags: readonly FlagSpec[], spelled: Map<string, string>): string[] {
  return flags.flatMap((f) => [
    '.TP',
    `.B ${roff(f.names.map((n) => spelled.get(n) ?? n).join(', '))}`,
    roff(f.description),
  ]);
}

export interface ManOptions {
  version: string;
  /** Extra sections (title → lines), e.g. ENVIRONMENT and EXIT STATUS from the help topics. */
  sections?: ReadonlyArray<readonly [string, ReadonlyArray<readonly [string, string]>]>;
}

/** Render the man page (section 1) for the program. */
export function renderMan(program: AnyCommand, model: CompletionModel, o: ManOptions): string {
  const p = model.program;
  // "--api-url <url>" as commander spells it, for the option headings.
  const spelled = new Map<string, string>();
  const remember = (cmd: AnyCommand) => {
    for (const opt of cmd.options) if (opt.long) spelled.set(opt.long, opt.flags.replace(/^-\w, /, ''));
  };
  remember(program);
  const lines = [
    `.TH ${p.toUpperCase()} 1 "" "${p} ${o.version}" "User Commands"`,
    '.SH NAME',
    `${p} \\- ${roff(program.description())}`,
    '.SH SYNOPSIS',
    `.B ${p}`,
    '[\\fIGLOBAL OPTIONS\\fR] \\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIARGUMENTS\\fR]',
    '.SH GLOBAL OPTIONS',
    'Accepted before or after any command.',
    ...flagItems(model.globals, spelled),
    '.SH COMMANDS',
  ];
  for (const { path, cmd } of visibleTree(program)) {
    spelled.clear();
    remember(program);
    remember(cmd);
    const spec = model.commands.find((c) => c.path === path.join(' '));
    const usage = `${p} ${path.join(' ')} ${cmd.usage()}`.replace(/\s+$/, '');
    lines.push(
      `.SS "${roff(`${p} ${path.join(' ')}`)}"`,
      roff(cmd.description()),
      '.PP',
      `.B ${roff(usage)}`,
    );
    const own = (spec?.flags ?? []).filter((f) => !f.names.includes('--help'));
    if (own.length > 0) lines.push('.RS', ...flagItems(own, spelled), '.RE');
    const examples = parseExamples(renderHelp(cmd));
    if (examples.length > 0) {
      lines.push('.PP', 'Examples:', '.RS', '.nf');
      for (const [comment, line] of examples) lines.push(roff(`# ${comment}`), roff(`$ ${line}`), '');
      lines.pop();
      lines.push('.fi', '.RE');
    }
  }
  for (const [title, rows] of o.sections ?? []) {
    lines.push(`.SH ${title}`);
    for (const [term, text] of rows) lines.push('.TP', `.B ${roff(term)}`, roff(text));
  }
  lines.push(
    '.SH SEE ALSO',
    `\\fB${p} help environment\\fR, \\fB${p} help exit\\-codes\\fR, \\fB${p} completion\\fR`,
  );
  return `${lines.join('\n')}\n`;
}
