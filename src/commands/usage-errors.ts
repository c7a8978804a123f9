import { closest } from '../lib/closest.js';
import { printError } from '../lib/display/error.js';
import { CliError, usageError } from '../lib/errors.js';
import type { IO } from '../lib/io.js';
import { mayShowName, shownName, shownNameBare } from '../lib/shown-value.js';
import { unknownTopic } from './help.js';
import type { AnyCommand } from './shared.js';

/**
 * Flags people type from habit (other tools, older docs) that mean one of ours. `auth login --token
 * KEY` would also put the key in the shell's history: the hint says where the key goes instead.
 */
const KNOWN_MISTAKES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'fibonacci auth login': {
    '--token':
      'use --with-token and pass the key on standard input: `fibonacci auth login --with-token < key.txt`',
  },
};

/** Commander's own sentences, reworded in the CLI's voice: [its text, ours]. */
const REWORDINGS: ReadonlyArray<readonly [RegExp, (...groups: string[]) => string]> = [
  // An unknown option is named without what follows its `=` (`--token=ghp_…`, another CLI's flag).
  [/^unknown option '([^']*)'$/, (o) => `unknown option ${optionShown(o)}`],
  [
    /^too many arguments(?: for '[^']*')?\. Expected (\d+) arguments? but got (\d+)\.$/,
    (n, got) => `too many arguments: expected ${n === '0' ? 'none' : `at most ${n}`}, got ${got}`,
  ],
  [/^missing required argument '([^']*)'$/, (a) => `missing the ${a} argument`],
  [/^option '(?:-\w, )?([^ ']*)(?: [^']*)?' argument missing$/, (o) => `${o} needs a value`],
  [/^required option '(?:-\w, )?([^ ']*)(?: [^']*)?' not specified$/, (o) => `${o} is required`],
  [
    /^option '(?:-\w, )?([^ ']*)(?: [^']*)?' cannot be used with option '(?:-\w, )?([^ ']*)(?: [^']*)?'$/,
    (a, b) => `${a} and ${b} cannot be used together`,
  ],
  [/^unknown command '([^']*)'$/, (c) => `unknown command ${shownName(c, 'command')}`],
];

/**
 * The long flags commander offers as suggestions for `cmd` (its own and its parents', as its
 * unknownOption gathers them), for the near flags its edit distance misses.
 */
function longFlags(cmd: AnyCommand): string[] {
  const flags: string[] = [];
  for (let c: AnyCommand | null = cmd; c; c = c.parent) {
    for (const o of c.createHelp().visibleOptions(c)) if (o.long) flags.push(o.long);
  }
  return flags;
}

/**
 * A near flag commander did not suggest: a long flag written with one dash (`-all`, as Go's and
 * find's flags are), or one with words added to ours (`--all-envs`, `--json-output`: the longest
 * of our flags it starts with, up to a `-`). Commander suggests only by edit distance, and only for
 * a `--` word.
 */
function nearFlag(option: string, cmd: AnyCommand): string | undefined {
  const name = option.split('=')[0] ?? option;
  const flags = longFlags(cmd);
  if (/^-[a-z][a-z0-9-]+$/.test(name)) {
    const long = `-${name}`;
    return flags.includes(long) ? long : closest(long, flags);
  }
  let best: string | undefined;
  for (const f of flags)
    if (name.startsWith(`${f}-`) && (best === undefined || f.length > best.length)) best = f;
  return best;
}

/** `--flag=VALUE` as `--flag=…`, and a flag not written as our flags are by its length. */
function optionShown(option: string): string {
  const eq = option.indexOf('=');
  const name = eq < 0 ? option : option.slice(0, eq);
  // `-all`: a long flag with one dash is repeated as the `--all` it would be may be (the user
  // needs to see which word was refused); shown-value.ts's option shape has one-letter short flags.
  const shown =
    /^-[a-z]/.test(name) && mayShowName(`-${name}`, 'option') ? name : shownNameBare(name, 'option');
  return `${shown}${eq < 0 ? '' : '=…'}`;
}

function reword(text: string): string {
  for (const [pattern, ours] of REWORDINGS) {
    const m = pattern.exec(text);
    if (m) return ours(...m.slice(1));
  }
  return text;
}

/** `fibonacci secret set` for that command: the path the user typed, for the hint. */
export function commandPath(cmd: AnyCommand): string {
  const names: string[] = [];
  for (let c: AnyCommand | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/**
 * `fibonacci secret --env production list`: an option typed before the subcommand it belongs to,
 * which commander reads as the noun's own and refuses. When a later word names a subcommand of
 * `cmd` that has the option, the hint says to put it after that word (the value is not repeated:
 * it may be one, `--value`).
 */
function optionOfLaterCommand(option: string, cmd: AnyCommand): string | undefined {
  const name = option.split('=')[0] ?? option;
  const args = (cmd as unknown as { args?: readonly string[] }).args ?? [];
  for (const word of args) {
    const sub = cmd.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (sub === undefined) continue;
    if (!sub.options.some((o) => o.long === name || o.short === name)) return undefined;
    return `${optionShown(option)} is an option of \`${commandPath(sub)}\`: put it after ${sub.name()}`;
  }
  return undefined;
}

/**
 * Commander's "error: …\n(Did you mean x?)" as the CLI's one usage error: its sentence reworded,
 * and a hint that is commander's suggestion, a known mistake's fix, or the help of the very command
 * that failed (`fibonacci secret set --help`).
 */
export function commanderUsageError(text: string, cmd: AnyCommand): CliError {
  const lines = text.trim().split('\n');
  const first = (lines[0] ?? 'invalid usage').replace(/^error: /, '');
  const path = commandPath(cmd);
  const option = /^unknown option '([^']*)'$/.exec(first)?.[1];
  // `--token=fib_…` too: the name alone decides (the value is redacted by the printer anyway).
  const known = option === undefined ? undefined : KNOWN_MISTAKES[path]?.[option.split('=')[0] ?? option];
  const suggestion = lines.find((l) => /^\(Did you mean/.test(l));
  const near = option === undefined || suggestion ? undefined : nearFlag(option, cmd);
  const hint =
    known ??
    (option === undefined ? undefined : optionOfLaterCommand(option, cmd)) ??
    (suggestion
      ? suggestion.replace(/^\(Did you mean (.*)\?\)$/, 'did you mean $1?')
      : near
        ? `did you mean ${near}?`
        : `see \`${path} --help\``);
  return usageError(reword(first), hint);
}

/**
 * A usage error a command threw while it ran (a flag combination, a setting, a file named on the
 * command line), given the hint every usage error has: the help of the command that failed.
 * Not a server's 422 or a list of violations, which say what to fix line by line. One
 * place for all of them, as commanderUsageError is for commander's and argument-errors.ts for the
 * parsers'. Anything else passes through unchanged.
 */
export function withHelpHint(e: unknown, cmd: AnyCommand): unknown {
  if (!(e instanceof CliError) || e.kind !== 'usage' || e.silent || e.hint) return e;
  // A server's refusal (422) or a list of violations already says what to fix, line by line.
  if (e.status !== undefined || e.details.length > 0) return e;
  return new CliError('usage', e.message, {
    hint: `see \`${commandPath(cmd)} --help\``,
    details: e.details,
    requestId: e.requestId,
    status: e.status,
    cause: e.cause,
  });
}

/** Commander's own steps this file takes part in (not in its typings; pinned, tested). */
interface HelpSteps {
  _outputHelpIfRequested(args: string[]): void;
  unknownOption(flag: string): void;
  unknownCommand(): void;
}

/**
 * The first option in what commander left unparsed that is neither the help flag nor a negative
 * number: an option of the command's own, or of the root, was taken already.
 */
function strayOption(args: readonly string[]): string | undefined {
  for (const arg of args) {
    if (arg === '--') return undefined;
    if (arg === '--help' || arg === '-h' || /^-(?:\d+|\d*\.\d+)$/.test(arg)) continue;
    if (arg.length > 1 && arg.startsWith('-')) return arg;
  }
  return undefined;
}

/**
 * Commander prints help (exit 0) for `--help --bogus` before it looks at `--bogus`: a typo would
 * pass in silence. An unknown option beside --help is the same usage error as without it (exit 2).
 */
function refuseStrayOptionsWithHelp(cmd: AnyCommand): void {
  const steps = cmd as unknown as HelpSteps;
  const printHelp = steps._outputHelpIfRequested.bind(cmd);
  steps._outputHelpIfRequested = (args) => {
    const stray = args.some((a) => a === '--help' || a === '-h') ? strayOption(args) : undefined;
    if (stray !== undefined) steps.unknownOption.call(cmd, stray);
    printHelp(args);
  };
}

/**
 * `fibonacci secret help [set]`, as `gh secret help` is: the help of `secret [set]` (exit 0), not an
 * unknown command `help` answered "did you mean health?". The words after `help` are looked up as
 * `fibonacci help` looks them up; one that names nothing is its unknown help topic.
 */
function helpAfterNoun(cmd: AnyCommand): void {
  if (cmd.parent === null || cmd.commands.length === 0) return;
  const steps = cmd as unknown as HelpSteps & { args: readonly string[] };
  const unknownCommand = steps.unknownCommand.bind(cmd);
  steps.unknownCommand = () => {
    const [first, ...rest] = steps.args;
    if (first !== 'help') return unknownCommand();
    const nouns = commandPath(cmd).split(' ').slice(1);
    // An option is not a topic word: `secret help --json` is the unknown option --json, as
    // `fibonacci help secret --json` and `secret --help --json` say, not a topic "secret --json".
    const words = rest.filter((w) => w !== '--help' && w !== '-h' && !(w.length > 1 && w.startsWith('-')));
    let target = cmd;
    for (const [i, word] of words.entries()) {
      const next = target.commands.find((c) => c.name() === word || c.aliases().includes(word));
      if (next === undefined) throw unknownTopic([...nouns, ...words], nouns.length + i, target);
      target = next;
    }
    const stray = strayOption(rest);
    if (stray !== undefined) steps.unknownOption.call(target, stray);
    target.help();
  };
}

/**
 * Give every command of the tree an error printer that knows which command it is: commander copies
 * the root's output settings into each subcommand when it is made, without saying which one failed.
 */
export function reportUsageErrors(cmd: AnyCommand, io: IO): void {
  cmd.configureOutput({
    ...cmd.configureOutput(),
    outputError: (s: string) => printError(io, commanderUsageError(s, cmd)),
  });
  refuseStrayOptionsWithHelp(cmd);
  helpAfterNoun(cmd);
  for (const sub of cmd.commands) reportUsageErrors(sub, io);
}
