// Spawn any executable (the installed npm bin, the single binary) the way runCli spawns the CLI.
import { type CliResult, type RunCliOptions, spawnCollect, waitExit } from '../../helpers/spawn-cli.js';

/** Run `file …args` in a clean environment (see cleanEnv); resolves when it exits. */
export async function runBin(file: string, args: string[], opts: RunCliOptions = {}): Promise<CliResult> {
  const proc = spawnCollect(file, args, opts.env);
  proc.child.stdin.end(opts.input);
  const code = await waitExit(proc, `${file} ${args.join(' ')}`, opts.timeoutMs ?? 30_000);
  return { code, stdout: proc.stdout(), stderr: proc.stderr() };
}
