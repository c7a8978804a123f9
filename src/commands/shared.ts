import type { AnyCommand } from '../lib/completion/model.js';
import type { Context, ContextOverrides } from '../lib/context.js';
import { CliError } from '../lib/errors.js';
import type { IO } from '../lib/io.js';

/** What every command registration receives from program.ts. */
export interface CommandDeps {
  readonly io: IO;
  readonly env: NodeJS.ProcessEnv;
  readonly overrides: ContextOverrides;
  /** Run a command body with its context; it returns (exit 0) or throws (main picks the code). */
  run(cmd: AnyCommand, body: (ctx: Context) => Promise<void>): Promise<void>;
  /** The whole command tree (main.ts may build only part of it), for completion scripts. */
  wholeTree(): AnyCommand;
}

// Declared with the completion model, which walks the same tree; a type, so nothing more loads.
export type { AnyCommand };

/** Append an "Examples:" section to a command's help; each example is [comment, command]. */
export function examples(cmd: AnyCommand, list: ReadonlyArray<readonly [string, string]>): void {
  const body = list.map(([comment, line]) => `  # ${comment}\n  $ ${line}`).join('\n\n');
  cmd.addHelpText('after', `\nExamples:\n${body}\n`);
}

/** Collect a repeatable option into an array (`--scope a --scope b`). */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The wording of one confirmOrYes call; the sentences around it are the same for every command. */
export interface Confirmation {
  /** What is about to happen, for the no-terminal error: "deleting X from Y". */
  doing: string;
  /** The verb for the `--yes` hint: "delete". */
  verb: string;
  /** The question asked on a terminal (the default answer is no). */
  question: string;
  /** The error when the answer is no. */
  cancelled: string;
}

/** Go on with `--yes`, else ask on a terminal; without one, `--yes` is required (exit 10). */
export async function confirmOrYes(ctx: Context, yes: boolean | undefined, c: Confirmation): Promise<void> {
  if (yes) return;
  if (!ctx.io.canPrompt()) {
    throw new CliError('input_needed', `${c.doing} needs confirmation, and there is no terminal to ask`, {
      hint: `pass --yes to ${c.verb} without asking`,
    });
  }
  if (!(await ctx.io.confirm(c.question, false))) throw new CliError('unexpected', c.cancelled);
}
