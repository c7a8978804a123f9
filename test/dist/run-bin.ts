// Spawn any executable (the installed npm bin, the single binary) the way runCli spawns the CLI.
import { spawn } from 'node:child_process';
import { type CliResult, cleanEnv, type RunCliOptions } from '../helpers/emulator.js';

/** Run `file …args` in a clean environment (see cleanEnv); resolves when it exits. */
export function runBin(file: string, args: string[], opts: RunCliOptions = {}): Promise<CliResult> {
  const child = spawn(file, args, { env: cleanEnv(opts.env), stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  child.stdin.on('error', () => {});
  child.stdin.end(opts.input);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${file} ${args.join(' ')} timed out\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, opts.timeoutMs ?? 30_000);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal === 'SIGKILL' ? 137 : 143), stdout, stderr });
    });
  });
}
