import type { Command } from '@commander-js/extra-typings';
import type { CommandDeps } from '../shared.js';

/** `fibonacci audit …` (placeholder: issue 5 fills it in). */
export function registerAudit(program: Command, _deps: CommandDeps): void {
  program.command('audit').description('Query, follow and export audit logs');
}
