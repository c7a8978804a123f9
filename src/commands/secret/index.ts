import type { Command } from '@commander-js/extra-typings';
import type { CommandDeps } from '../shared.js';

/** `fibonacci secret …` (placeholder: issue 3 fills it in). */
export function registerSecret(program: Command, _deps: CommandDeps): void {
  program.command('secret').description('Set, list, delete and rotate secrets per environment');
}
