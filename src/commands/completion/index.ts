import { Argument, type Command } from '@commander-js/extra-typings';
import { SHELLS, type Shell } from '../../lib/completion/values.js';
import { type CommandDeps, examples, verb } from '../shared.js';

const LOADS: Record<Shell, [string, string]> = {
  bash: ['load it in this shell', 'source <(fibonacci completion bash)'],
  zsh: ['load it in this shell (after compinit)', 'source <(fibonacci completion zsh)'],
  fish: ['load it in this shell', 'fibonacci completion fish | source'],
  powershell: ['load it in this session', 'fibonacci completion powershell | Out-String | Invoke-Expression'],
};

/** `fibonacci completion …`: print or install the shell scripts, and the hidden `__complete`. */
export function registerCompletion(program: Command, deps: CommandDeps): void {
  const completion = program
    .command('completion')
    .description('Print or install the shell completion script (bash, zsh, fish, PowerShell)');
  examples(completion, [
    ['install it where your shell looks for it', 'fibonacci completion install'],
    ['or print it and load it yourself', 'source <(fibonacci completion bash)'],
  ]);

  // Printing a script builds no context: it must work even with a broken config.json (it is
  // sourced from shell start-up files), so it is wired by hand rather than through verb().
  for (const shell of SHELLS) {
    const cmd = completion
      .command(shell)
      .description(`Print the ${shell === 'powershell' ? 'PowerShell' : shell} completion script`)
      .action(async () => {
        const { completionScript } = await import('./generate.js');
        // The whole tree: a completion script covers every command.
        deps.io.out(completionScript(program, shell));
      });
    examples(cmd, [
      LOADS[shell],
      ['save it to a file', `fibonacci completion ${shell} > fibonacci.${shell}`],
    ]);
  }

  const install = completion
    .command('install')
    .description('Write the script where the shell loads it from; never edits an rc file or profile')
    .addArgument(new Argument('[shell]', 'the shell (default: from $SHELL)').choices(SHELLS));
  verb(
    install,
    deps,
    (_opts, shell) => ({ shell, program: () => program }),
    async () => (await import('./install.js')).runInstall,
  );
  examples(install, [
    ['for the shell you are using ($SHELL)', 'fibonacci completion install'],
    ['for fish, whatever $SHELL says', 'fibonacci completion install fish'],
    ['PowerShell: also prints the line to add to your profile', 'fibonacci completion install powershell'],
  ]);

  // What the scripts call for values that live on the server. Hidden: not for people. It builds
  // its own quiet context (no prompts, no stderr, a hard time limit), so it is wired by hand too.
  program
    .command('__complete', { hidden: true })
    .description('Print completion values of one kind, one a line (used by the completion scripts)')
    .argument('<kind>', 'secret, env, key, workflow or workflow-id')
    .option('--env <env>', 'environment, for secret names')
    .action(async (kind, opts) => {
      const { runComplete } = await import('./complete.js');
      await runComplete({ kind, ...opts }, deps);
    });
}
