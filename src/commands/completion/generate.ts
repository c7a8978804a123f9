// The one generator: commander tree → completion scripts and man page. `fibonacci completion SHELL`,
// `npm run gen` (scripts/gen.mjs) and the drift test all call these, so they cannot disagree.
import { renderBash } from '../../lib/completion/bash.js';
import { renderFish } from '../../lib/completion/fish.js';
import { renderMan } from '../../lib/completion/man.js';
import { buildModel } from '../../lib/completion/model.js';
import { renderPowerShell } from '../../lib/completion/powershell.js';
import type { Shell } from '../../lib/completion/values.js';
import { renderZsh } from '../../lib/completion/zsh.js';
import { EXIT_CODES } from '../../lib/errors.js';
import { ENVIRONMENT } from '../help.js';
import type { AnyCommand } from '../shared.js';

/** The root of a command, whatever command of the tree is given. */
function rootOf(cmd: AnyCommand): AnyCommand {
  let c = cmd;
  while (c.parent) c = c.parent as AnyCommand;
  return c;
}

/** The completion script for one shell, from the live tree. */
export function completionScript(program: AnyCommand, shell: Shell): string {
  const model = buildModel(rootOf(program));
  if (shell === 'bash') return renderBash(model);
  if (shell === 'zsh') return renderZsh(model);
  if (shell === 'fish') return renderFish(model);
  return renderPowerShell(model);
}

/** Where each shell's script lives in the package (completions/…). */
export const COMPLETION_FILES: Record<Shell, string> = {
  bash: 'completions/fibonacci.bash',
  zsh: 'completions/_fibonacci',
  fish: 'completions/fibonacci.fish',
  powershell: 'completions/fibonacci.ps1',
};

/** The man page, with the environment and exit-code tables of `fibonacci help`. */
export function manPage(program: AnyCommand, version: string): string {
  const root = rootOf(program);
  return renderMan(root, buildModel(root), {
    version,
    sections: [
      ['ENVIRONMENT', ENVIRONMENT],
      ['EXIT STATUS', EXIT_CODES.map((e) => [String(e.code), e.meaning] as const)],
    ],
  });
}

/** Every generated file: repository-relative path → contents. */
export function generatedFiles(program: AnyCommand, version: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [shell, path] of Object.entries(COMPLETION_FILES)) {
    files[path] = completionScript(program, shell as Shell);
  }
  files['man/fibonacci.1'] = manPage(program, version);
  return files;
}
