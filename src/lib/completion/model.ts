// Walk the live commander tree once and flatten it into the table every shell script is rendered
// from, so bash, zsh, fish and PowerShell can never disagree about a word.
import type { Command } from '@commander-js/extra-typings';
import { argumentValues, optionValues, type ValueSource } from './values.js';

// biome-ignore lint/suspicious/noExplicitAny: commander's typed Command is generic over its options.
export type AnyCommand = Command<any, any, any>;

/** One flag as the shells see it. */
export interface FlagSpec {
  /** Every spelling, long first: ['--help', '-h']. */
  names: string[];
  description: string;
  /** Where its value comes from; undefined for a boolean flag. */
  value: ValueSource | undefined;
}

/** One positional argument. */
export interface ArgSpec {
  name: string;
  variadic: boolean;
  value: ValueSource;
}

/** One command: its path from the root ('' for the root itself). */
export interface CommandSpec {
  path: string;
  description: string;
  subcommands: Array<{ name: string; description: string }>;
  flags: FlagSpec[];
  args: ArgSpec[];
}

/** The whole tree, root first, in declaration order. */
export interface CompletionModel {
  program: string;
  /** Flags accepted at every level (the root's options). */
  globals: FlagSpec[];
  commands: CommandSpec[];
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').trim();
}

// commander's Help knows which commands and options are hidden; its help option is synthetic.
/** The subcommands `--help` lists, less commander's implicit `help` ones (not in cmd.commands). */
export function visibleCommands(cmd: AnyCommand): AnyCommand[] {
  return (cmd.createHelp().visibleCommands(cmd) as AnyCommand[]).filter((c) => cmd.commands.includes(c));
}

/** The parts of commander's Option that completion reads. */
interface OptionLike {
  long?: string | undefined;
  short?: string | undefined;
  flags: string;
  description: string;
  required: boolean;
  optional: boolean;
  hidden: boolean;
  argChoices?: string[] | undefined;
}

function toFlag(o: OptionLike): FlagSpec {
  const names = [o.long, o.short].filter((n): n is string => typeof n === 'string');
  const takesValue = o.required || o.optional;
  return {
    names,
    description: firstLine(o.description),
    value: takesValue ? optionValues(o.long ?? o.short ?? '', o.argChoices, o.flags) : undefined,
  };
}

// The root's options (except --version) are accepted after any subcommand too: commander parses
// them wherever they appear. They are listed once, as globals.
function isGlobal(o: OptionLike): boolean {
  return !o.hidden && o.long !== '--version';
}

function ownFlags(cmd: AnyCommand, globals: ReadonlySet<string>): FlagSpec[] {
  return cmd
    .createHelp()
    .visibleOptions(cmd)
    .filter((o) => !(cmd.parent === null && o.long && globals.has(o.long)))
    .map(toFlag);
}

// `fibonacci help TOPIC`: the fixed topics, then every top-level command.
function helpTopics(program: AnyCommand): ValueSource {
  const names = visibleCommands(program)
    .map((c) => c.name())
    .filter((n) => n !== 'help');
  return { kind: 'choices', values: ['exit-codes', 'environment', ...names] };
}

/** Build the completion model from a commander program (src/program.ts buildProgram). */
export function buildModel(program: AnyCommand): CompletionModel {
  const commands: CommandSpec[] = [];
  const globalOptions = program.options.filter(isGlobal);
  const globalNames = new Set(globalOptions.map((o) => o.long ?? ''));
  const walk = (cmd: AnyCommand, path: string[]) => {
    const subs = visibleCommands(cmd);
    commands.push({
      path: path.join(' '),
      description: firstLine(cmd.description()),
      subcommands: subs.map((s) => ({ name: s.name(), description: firstLine(s.description()) })),
      flags: ownFlags(cmd, globalNames),
      args: cmd.registeredArguments.map((a) => ({
        name: a.name(),
        variadic: a.variadic,
        value: path.join(' ') === 'help' ? helpTopics(program) : argumentValues(path, a.name(), a.argChoices),
      })),
    });
    for (const s of subs) walk(s, [...path, s.name()]);
  };
  walk(program, []);
  return { program: program.name(), globals: globalOptions.map(toFlag), commands };
}

/** Every value that is embedded in the scripts for a command path and flag, for tests. */
export function staticChoices(model: CompletionModel, path: string, flag: string): string[] {
  const spec = model.commands.find((c) => c.path === path);
  const f = [...(spec?.flags ?? []), ...model.globals].find((x) => x.names.includes(flag));
  return f?.value?.kind === 'choices' ? f.value.values : [];
}
