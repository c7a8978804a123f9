/**
 * Run the built CLI with chosen file descriptors for stdin and stdout (`< /dev/zero`, `> /dev/full`,
 * a FIFO), which runCli's pipes cannot stand for, optionally under `/usr/bin/time -v` for its peak
 * memory. stderr is collected; the environment is cleanEnv's.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { cleanEnv } from './clean-env.js';
import { CLI_BIN } from './repo.js';

export interface StdioRun {
  code: number;
  stderr: string;
  /** Peak resident memory in KiB (only with `measure`), from GNU time's report. */
  maxRssKiB?: number;
}

export interface StdioOptions {
  env?: Record<string, string>;
  /** A path opened for reading as stdin (default /dev/null). */
  stdin?: string;
  /** How stdin is opened: 'w' gives a descriptor open for writing only (`0>FILE`). */
  stdinFlags?: 'r' | 'w';
  /** A path opened for writing as stdout (default /dev/null). */
  stdout?: string;
  /** Run under `/usr/bin/time -v` and report the peak RSS. */
  measure?: boolean;
  timeoutMs?: number;
}

/** Whether `/usr/bin/time -v` can measure peak memory here. */
export const canMeasure = existsSync('/usr/bin/time');

export function runWithStdio(args: string[], o: StdioOptions = {}): Promise<StdioRun> {
  const stdin = openSync(o.stdin ?? '/dev/null', o.stdinFlags ?? 'r');
  const stdout = openSync(o.stdout ?? '/dev/null', 'w');
  const cli = [process.execPath, '--', CLI_BIN, ...args];
  const [file, ...argv] = o.measure ? ['/usr/bin/time', '-v', ...cli] : cli;
  const child = spawn(file as string, argv, { env: cleanEnv(o.env), stdio: [stdin, stdout, 'pipe'] });
  closeSync(stdin);
  closeSync(stdout);
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`fibonacci ${args.join(' ')} timed out\nstderr: ${stderr}`));
    }, o.timeoutMs ?? 30_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      if (!o.measure) {
        resolve({ code: code ?? -1, stderr });
        return;
      }
      // GNU time appends its report to stderr; the CLI's own lines come before it.
      const at = stderr.search(/^\tCommand being timed:/m);
      const report = at === -1 ? '' : stderr.slice(at);
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(report);
      const exit = /Exit status: (\d+)/.exec(report);
      resolve({
        code: exit ? Number(exit[1]) : (code ?? -1),
        stderr:
          at === -1 ? stderr : stderr.slice(0, at).replace(/Command exited with non-zero status \d+\n$/, ''),
        maxRssKiB: rss ? Number(rss[1]) : undefined,
      });
    });
  });
}
