import type { Command, OptionValues } from '@commander-js/extra-typings';
import type { AnyCommand } from '../lib/completion/model.js';
import type { Context, ContextOverrides } from '../lib/context.js';
import { note } from '../lib/display/messages.js';
import { CliError } from '../lib/errors.js';
import type { IO } from '../lib/io.js';
import type { GlobalOptions } from '../lib/settings.js';

/**
 * A verb's run function: typed options in (it never sees argv), output through ctx; it returns
 * (exit 0) or throws a CliError, whose kind main turns into the exit code.
 */
export type RunFunction<O> = (options: O, ctx: Context) => Promise<void>;

/** What every command registration receives from program.ts. */
export interface CommandDeps {
  readonly io: IO;
  readonly env: NodeJS.ProcessEnv;
  readonly overrides: ContextOverrides;
  /**
   * Run the verb `cmd` with its parsed options: build the context from the global flags, load the
   * verb's module (only now, so start-up never evaluates it), call its run function, close the
   * context. Tests of the argv boundary put a recorder here.
   */
  run<O>(cmd: AnyCommand, options: O, load: () => Promise<RunFunction<O>>): Promise<void>;
  /** The global flags as parsed, for the one verb that builds its own context (`__complete`). */
  globals(): GlobalOptions;
}

// Declared with the completion model, which walks the same tree; a type, so nothing more loads.
export type { AnyCommand };

/**
 * Wire a verb to its run function: when argv names the verb, commander's parsed flags (and
 * positional arguments, through `toOptions`, which also checks how flags combine) become the
 * options that `load`'s function receives. `load` is an `import()` so the verb's module and what
 * it needs load only when it runs, e.g.
 * `verb(del, deps, (o, name) => ({ ...o, name }), async () => (await import('./delete.js')).runDelete)`.
 */
export function verb<Opts extends OptionValues, G extends OptionValues>(
  cmd: Command<[], Opts, G>,
  deps: CommandDeps,
  load: () => Promise<RunFunction<Opts>>,
): void;
export function verb<Args extends unknown[], Opts extends OptionValues, G extends OptionValues, O>(
  cmd: Command<Args, Opts, G>,
  deps: CommandDeps,
  toOptions: (opts: Opts, ...args: Args) => O,
  load: () => Promise<RunFunction<O>>,
): void;
export function verb(
  cmd: AnyCommand,
  deps: CommandDeps,
  first: (...a: unknown[]) => unknown,
  second?: () => Promise<RunFunction<unknown>>,
): void {
  const toOptions = second === undefined ? (opts: unknown) => opts : first;
  const load = (second ?? first) as () => Promise<RunFunction<unknown>>;
  cmd.action(async () => {
    await deps.run(cmd, toOptions(cmd.opts(), ...cmd.processedArgs), load);
  });
}

/** Append an "Examples:" section to a command's help; each example is [comment, command]. */
export function examples(cmd: AnyCommand, list: ReadonlyArray<readonly [string, string]>): void {
  const body = list.map(([comment, line]) => `  # ${comment}\n  $ ${line}`).join('\n\n');
  cmd.addHelpText('after', `\nExamples:\n${body}\n`);
}

/** The wording of one confirmOrYes call; the sentences around it are the same for every command. */
export interface Confirmation {
  /** What is about to happen, for the no-terminal error: "deleting X from Y". */
  doing: string;
  /** The verb for the `--yes` hint: "delete". */
  verb: string;
  /** The question asked on a terminal (the default answer is no). */
  question: string;
  /** The note when the answer is no: "API_KEY was not deleted". */
  cancelled: string;
}

/**
 * Go on with `--yes`, else ask on a terminal; without one, `--yes` is required (exit 10). "No" is
 * the user stopping the command, not a failure of it: a note and exit 130, the code of Ctrl-C at the
 * same prompt (gh, too, gives a declined prompt and Ctrl-C one "cancelled" code).
 */
export async function confirmOrYes(ctx: Context, yes: boolean | undefined, c: Confirmation): Promise<void> {
  if (yes) return;
  if (!ctx.io.canPrompt()) {
    throw new CliError('input_needed', `${c.doing} needs confirmation, but ${ctx.io.noPromptReason()}`, {
      hint: `pass --yes to ${c.verb} without asking`,
    });
  }
  let answer: boolean;
  try {
    answer = await ctx.io.confirm(c.question, false);
  } catch (e) {
    // Ctrl-C or Ctrl-D at the question: the same outcome as "no", in the same words.
    if (!(e instanceof CliError && e.kind === 'interrupted')) throw e;
    answer = false;
  }
  if (answer) return;
  note(ctx.io, `cancelled: ${c.cancelled}`);
  throw new CliError('interrupted', `cancelled: ${c.cancelled}`, { silent: true });
}
