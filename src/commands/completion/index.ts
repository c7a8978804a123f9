import type { Command } from '@commander-js/extra-typings';
import type { CommandDeps } from '../shared.js';

/** `fibonacci completion …` (placeholder: issue 7 fills it in). */
export function registerCompletion(program: Command, _deps: CommandDeps): void {
  program.command('completion').description('Print or install the shell completion script');
}
