/**
 * Spawn the BUILT CLI (`npm run build` first), or any executable, in a clean environment and
 * collect what it prints:
 *
 *   const r = await runCli(['auth', 'status'], { env: emu.env });   // { code, stdout, stderr }
 *   const follow = spawnCli(['audit', 'logs', '--follow'], emu.env); // still running
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { constants } from 'node:os';
import { cleanEnv } from './clean-env.js';
import { CLI_BIN } from './repo.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunCliOptions {
  /** Added to the clean environment (see cleanEnv). */
  env?: Record<string, string>;
  /** Written to stdin, which is then closed; stdin is closed at once when absent. */
  input?: string | Buffer;
  /** Kill the CLI (SIGKILL) and fail after this long; default 30 s. */
  timeoutMs?: number;
  /** Run it under this umask (octal text, e.g. '022'), set by a shell that then execs node. */
  umask?: string;
}

/** A process still running, with what it has printed so far. */
export interface SpawnedCli {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
}

/**
 * Start `file …args` in a clean environment (see cleanEnv) and return at once, collecting its
 * output; `where` sets the working directory or the user to run as. runCli, runBin and
 * startEmulator all spawn through here (and end with waitExit), so they see the same environment
 * and report an exit the same way.
 */
export function spawnCollect(
  file: string,
  args: string[],
  env: Record<string, string> = {},
  where: { cwd?: string; uid?: number; gid?: number } = {},
): SpawnedCli {
  const child = spawn(file, args, { env: cleanEnv(env), stdio: ['pipe', 'pipe', 'pipe'], ...where });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  child.stdin.on('error', () => {}); // the process may exit without reading its input
  return { child, stdout: () => stdout, stderr: () => stderr };
}

/**
 * Resolve with the exit code of `proc` (128+n when killed by signal n, as a shell reports it) once
 * it has exited and all its output is in. With `timeoutMs`, SIGKILL it and reject after that long,
 * quoting what it printed; `label` names it in that message.
 */
export function waitExit(proc: SpawnedCli, label: string, timeoutMs?: number): Promise<number> {
  const { child } = proc;
  return new Promise((resolvePromise, reject) => {
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            child.kill('SIGKILL');
            reject(
              new Error(
                `${label} timed out after ${timeoutMs} ms\nstdout: ${proc.stdout()}\nstderr: ${proc.stderr()}`,
              ),
            );
          }, timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
    });
  });
}

/**
 * Start `node -- bin/fibonacci.cjs …args` in a clean environment (see cleanEnv) and return at once,
 * collecting its output; for commands a test talks to while they run (`audit logs --follow`).
 */
export function spawnCli(args: string[], env: Record<string, string> = {}, umask?: string): SpawnedCli {
  const argv = ['--', CLI_BIN, ...args];
  if (umask === undefined) return spawnCollect(process.execPath, argv, env);
  if (!/^[0-7]{3,4}$/.test(umask)) throw new Error(`not a umask: ${umask}`);
  // exec: the shell becomes node, so signals and the exit code are node's own.
  return spawnCollect('/bin/sh', ['-c', `umask ${umask} && exec "$0" "$@"`, process.execPath, ...argv], env);
}

/** Run `node bin/fibonacci.cjs …args` in a clean environment; resolves when it exits. */
export async function runCli(args: string[], opts: RunCliOptions = {}): Promise<CliResult> {
  const proc = spawnCli(args, opts.env, opts.umask);
  proc.child.stdin.end(opts.input);
  const code = await waitExit(proc, `fibonacci ${args.join(' ')}`, opts.timeoutMs ?? 30_000);
  return { code, stdout: proc.stdout(), stderr: proc.stderr() };
}
