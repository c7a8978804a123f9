import type { Command } from '@commander-js/extra-typings';
import type { CommandDeps } from '../shared.js';

/** `fibonacci org …` (placeholder: issue 6 fills it in). */
export function registerOrg(program: Command, _deps: CommandDeps): void {
  program.command('org').description("View and change your organization's quota and governance");
}
