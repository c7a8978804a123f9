/**
 * Run the BUILT CLI (`npm run build` first) on a real pseudo-terminal (util-linux `script`), with its
 * stdin a pipe (`printf %s "$INPUT" | fibonacci …` inside the terminal), as the demo and a user's
 * `printf … | fibonacci secret set X` at a terminal do: stdout and stderr are the terminal.
 *
 *   const run = await ptyPiped(['secret', 'set', 'API_KEY'], env, 'value\n');   // { code, screen }
 */
import { spawn } from 'node:child_process';
import { cleanEnv } from './clean-env.js';
import { hasProgram, prerequisite } from './prerequisites.js';
import { CLI_BIN } from './repo.js';

export const HAVE_SCRIPT = (): boolean =>
  prerequisite('script(1)', hasProgram('script'), 'install util-linux (Debian: bsdutils)');

export const shellQuote = (a: string): string => `'${a.replace(/'/g, "'\\''")}'`;

export interface PtyRun {
  code: number;
  /** Everything the terminal received (stdout and stderr), CR LF turned back into LF. */
  screen: string;
}

/** Run `file …args` on a pseudo-terminal, its stdin a pipe that delivers `input` and closes. */
export function ptyCommand(
  file: string,
  args: readonly string[],
  env: Record<string, string>,
  input = '',
): Promise<PtyRun> {
  const command = `printf %s "$FIB_PTY_INPUT" | env -u FIB_PTY_INPUT ${[file, ...args].map(shellQuote).join(' ')}`;
  const child = spawn('script', ['-qec', `stty cols 200 2>/dev/null; ${command}`, '/dev/null'], {
    env: { ...cleanEnv(env), FIB_PTY_INPUT: input },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => chunks.push(d));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      // The terminal's own line discipline turns LF into CR LF.
      resolve({ code: code ?? -1, screen: Buffer.concat(chunks).toString('utf8').replaceAll('\r\n', '\n') });
    });
  });
}

/** `fibonacci …args` on a pseudo-terminal with `input` piped to its stdin. */
export function ptyPiped(args: readonly string[], env: Record<string, string>, input = ''): Promise<PtyRun> {
  return ptyCommand(process.execPath, ['--', CLI_BIN, ...args], env, input);
}
