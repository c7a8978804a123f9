import { InvalidArgumentError } from '@commander-js/extra-typings';
import { closest, editDistance } from '../lib/closest.js';
import { CliError } from '../lib/errors.js';
import { type NameKind, shownName } from '../lib/shown-value.js';
import type { AnyCommand } from './shared.js';
import { commandPath } from './usage-errors.js';

// How a refused argument is reported. The parsers (./args.ts) take argv text in and give a typed
// value out; each throws an ArgumentError saying only what is wrong; reportArgumentErrors (run once on the whole tree by
// program.ts) turns it, and commander's own `.choices()` refusals, into ONE form naming the flag:
// `error: invalid --every "soon": expected whole days such as 30d or 2w`, then ALWAYS a hint: the
// parser's own, a did-you-mean for a choice, else the command's `--help`; exit 2. Commander does not run parsers on defaults: a typed option's default is typed too.
// A parser never returns null or undefined: commander would store '' in its place.

export interface ArgumentErrorOptions {
  /** What to do about it, printed as `hint: …`. */
  hint?: string | undefined;
  /**
   * For a positional argument: what the value is ("secret name"), instead of the argument's name.
   * An option is always named by its flag.
   */
  subject?: string | undefined;
  /** false: do not repeat the value in the message (JSON input: long, and it may be private). */
  quote?: boolean | undefined;
  /** What names the value is written as, when repeated ('value', a flag's value, if not said). */
  kind?: NameKind | undefined;
  /** Lines printed under the error (the place in a JSON value, with a caret). */
  details?: readonly string[] | undefined;
}

/** A value an argument parser refuses: `detail` says what is wrong, without the flag or the value. */
export class ArgumentError extends InvalidArgumentError {
  constructor(
    detail: string,
    readonly options: ArgumentErrorOptions = {},
  ) {
    super(detail);
  }
}

type Parser = (value: string, previous: unknown) => unknown;

/** Where a refused value stood: an option (named by its flag, always) or a positional argument. */
interface Place {
  label: string;
  positional: boolean;
  choices: readonly string[] | undefined;
  /** `fibonacci secret set`: whose help the hint names when nothing nearer helps. */
  command: string;
}

/** The error for one refused value, in the one form. */
function refusal(e: InvalidArgumentError, value: string, at: Place) {
  const own = e instanceof ArgumentError ? e.options : {};
  // Commander's own refusal (`.choices()`) is worded its way: "Allowed choices are a, b."
  const detail =
    e instanceof ArgumentError || !at.choices ? e.message : `expected one of ${at.choices.join(', ')}`;
  const what = at.positional ? (own.subject ?? at.label) : at.label;
  const shown = own.quote === false ? '' : ` ${shownName(value, own.kind ?? 'value')}`;
  return new CliError('usage', `invalid ${what}${shown}: ${detail}`, {
    hint: own.hint ?? suggestion(value, at.choices) ?? `see \`${at.command} --help\``,
    details: own.details,
  });
}

/**
 * "did you mean warning?" for a choice typed short (`warn`), mistyped (`josn`, `sarfi`) or with
 * another ending on the same stem (`failed` for failure).
 */
export function suggestion(value: string, choices: readonly string[] | undefined): string | undefined {
  if (!choices || value === '') return undefined;
  const typed = value.toLowerCase();
  // A short word one edit from a choice is as likely another thing (csh is no typo of zsh), but
  // the same letters with two neighbours swapped are a slip of the hand (zhs, cvs).
  const near =
    choices.find((c) => c.toLowerCase().startsWith(typed)) ??
    (typed.length >= 4
      ? (closest(value, choices) ?? sameStem(typed, choices))
      : choices.find((c) => isSwap(typed, c.toLowerCase())));
  return near === undefined ? undefined : `did you mean ${near}?`;
}

/** `b` is `a` with two neighbouring letters swapped. */
function isSwap(a: string, b: string): boolean {
  return a.length === b.length && editDistance(a, b) === 1 && [...a].sort().join() === [...b].sort().join();
}

/** The one choice that starts with the same four letters (`fail…`), when only one does. */
function sameStem(typed: string, choices: readonly string[]): string | undefined {
  const stem = typed.slice(0, 4);
  const matching = choices.filter((c) => c.toLowerCase().startsWith(stem));
  return matching.length === 1 ? matching[0] : undefined;
}

function reporting(parse: Parser, at: Place): Parser {
  return (value, previous) => {
    try {
      return parse(value, previous);
    } catch (e) {
      if (!(e instanceof InvalidArgumentError)) throw e;
      throw refusal(e, value, at);
    }
  };
}

/**
 * Make every argument parser of `cmd` and its subcommands report a refused value in the one form
 * (a usage error main prints like any other, redacted and escaped), naming the flag, or for a
 * positional argument its subject or name.
 */
export function reportArgumentErrors(cmd: AnyCommand): void {
  // Commander types parseArg as generic over the value; each wrapper returns what it wraps returns.
  const command = commandPath(cmd);
  for (const option of cmd.options) {
    const parse = option.parseArg as Parser | undefined;
    const at = { label: option.long ?? option.flags, positional: false, choices: option.argChoices, command };
    if (parse) option.parseArg = reporting(parse, at) as never;
  }
  for (const argument of cmd.registeredArguments) {
    const parse = argument.parseArg as Parser | undefined;
    const at = { label: argument.name(), positional: true, choices: argument.argChoices, command };
    if (parse) argument.parseArg = reporting(parse, at) as never;
  }
  for (const sub of cmd.commands) reportArgumentErrors(sub as AnyCommand);
}
