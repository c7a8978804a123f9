import type { Command } from '@commander-js/extra-typings';
import type { Context, ContextOverrides } from '../lib/context.js';
import type { IO } from '../lib/io.js';

/** What every command registration receives from program.ts. */
export interface CommandDeps {
  readonly io: IO;
  readonly env: NodeJS.ProcessEnv;
  readonly overrides: ContextOverrides;
  /**
   * Run a command body with its context. The body may return an exit code (for commands such as
   * `secret health` that report a failure after printing their result); errors are thrown.
   */
  run(cmd: AnyCommand, body: (ctx: Context) => Promise<unknown>): Promise<void>;
  /** The whole command tree (main.ts may build only part of it), for completion scripts. */
  wholeTree(): AnyCommand;
}

// biome-ignore lint/suspicious/noExplicitAny: commander's typed Command is generic over its options.
export type AnyCommand = Command<any, any, any>;

/** Append an "Examples:" section to a command's help; each example is [comment, command]. */
export function examples(cmd: AnyCommand, list: ReadonlyArray<readonly [string, string]>): void {
  const body = list.map(([comment, line]) => `  # ${comment}\n  $ ${line}`).join('\n\n');
  cmd.addHelpText('after', `\nExamples:\n${body}\n`);
}

/** Collect a repeatable option into an array (`--scope a --scope b`). */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
