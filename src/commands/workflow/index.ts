import type { Command } from '@commander-js/extra-typings';
import type { CommandDeps } from '../shared.js';

/** `fibonacci workflow …` (placeholder: issue 4 fills it in). */
export function registerWorkflow(program: Command, _deps: CommandDeps): void {
  program.command('workflow').description('Create, list and run workflows');
}
