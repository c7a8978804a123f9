/**
 * The BUILT CLI (`npm run build` first) on a real pseudo-terminal of a given size (util-linux
 * `script`), as a person at a terminal runs it: stdout and stderr are both the terminal, which
 * reports its width to the CLI, and Ctrl-C is a keystroke.
 *
 *   const r = await pty(['audit', 'logs'], emu.env, { cols: 120 });
 *   screenLines(r.screen)                // test/helpers/screen.ts: what the terminal shows
 */
import { spawn } from 'node:child_process';
import { cleanEnv } from './clean-env.js';
import { hasProgram, prerequisite } from './prerequisites.js';
import { CLI_BIN } from './repo.js';

/** Whether script(1) is here; tests `describe.skipIf(!HAVE_PTY)` (CI fails instead of skipping). */
export const HAVE_PTY = prerequisite(
  'script(1)',
  hasProgram('script'),
  'install util-linux (Debian: bsdutils)',
);

export interface PtyOptions {
  cols?: number;
  rows?: number;
  /** Once the screen shows this, type Ctrl-C (the terminal sends SIGINT, as a keyboard would). */
  interruptWhen?: string | RegExp;
  /** Called with the screen so far on every chunk (e.g. to change the server meanwhile). */
  onData?: (screen: string) => void;
}

export interface PtyRun {
  code: number;
  /** Every byte the terminal received (stdout and stderr, in order), CR LF turned back into LF. */
  screen: string;
}

const quote = (a: string) => `'${a.replace(/'/g, "'\\''")}'`;

/** Run `fibonacci ARGS` on a pseudo-terminal `cols` × `rows` (default 120 × 40). */
export function pty(args: string[], env: Record<string, string>, o: PtyOptions = {}): Promise<PtyRun> {
  const command = [process.execPath, '--', CLI_BIN, ...args].map(quote).join(' ');
  const size = `stty cols ${o.cols ?? 120} rows ${o.rows ?? 40} 2>/dev/null`;
  const child = spawn('script', ['-qec', `${size}; ${command}`, '/dev/null'], {
    env: cleanEnv(env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const chunks: Buffer[] = [];
  let typed = false;
  child.stdout.on('data', (d: Buffer) => {
    chunks.push(d);
    const screen = Buffer.concat(chunks).toString('utf8');
    o.onData?.(screen);
    const want = o.interruptWhen;
    if (want && !typed && (typeof want === 'string' ? screen.includes(want) : want.test(screen))) {
      typed = true;
      child.stdin.write('\u0003');
    }
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      // The line discipline turns LF into CR LF, and echoes a typed Ctrl-C as ^C.
      const screen = Buffer.concat(chunks).toString('utf8').replaceAll('\r\n', '\n').replace('^C', '');
      resolve({ code: code ?? -1, screen });
    });
  });
}

/**
 * Run `file …args` on a pseudo-terminal with its stdin a pipe that delivers `input` and closes
 * (`printf %s "$INPUT" | file …` inside the terminal), as a user's `printf … | fibonacci secret set
 * X` at a terminal and the demo's piped steps do: stdout and stderr are still the terminal.
 */
export function ptyPipedCommand(
  file: string,
  args: readonly string[],
  env: Record<string, string>,
  input = '',
): Promise<PtyRun> {
  const command = `printf %s "$FIB_PTY_INPUT" | env -u FIB_PTY_INPUT ${[file, ...args].map(quote).join(' ')}`;
  const child = spawn('script', ['-qec', `stty cols 200 2>/dev/null; ${command}`, '/dev/null'], {
    env: { ...cleanEnv(env), FIB_PTY_INPUT: input },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => chunks.push(d));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      resolve({ code: code ?? -1, screen: Buffer.concat(chunks).toString('utf8').replaceAll('\r\n', '\n') });
    });
  });
}

/** `fibonacci …args` on a pseudo-terminal with `input` piped to its stdin. */
export function ptyPiped(args: readonly string[], env: Record<string, string>, input = ''): Promise<PtyRun> {
  return ptyPipedCommand(process.execPath, ['--', CLI_BIN, ...args], env, input);
}

/** One step of typing at a pty: wait for `when` on the screen (or `afterMs`), then type `keys`. */
export interface PtyStep {
  when?: string | RegExp;
  /** Wait this long (after `when`, if given) before typing. */
  afterMs?: number;
  keys: string;
}

/**
 * Run the shell command `command` (sh syntax; `$FIB` is the built CLI, `node -- bin/fibonacci.cjs`) on a pty
 * and type the steps in order, as a person at the keyboard: e.g. `set -m; $FIB secret set X; fg`
 * for a job that Ctrl-Z stops and `fg` resumes, or `$FIB secret set X 2>log`.
 */
export function ptyTyping(
  command: string,
  env: Record<string, string>,
  steps: readonly PtyStep[],
  o: { cols?: number; timeoutMs?: number } = {},
): Promise<PtyRun> {
  // A variable, not a function: a function's job that stops is not resumed by `fg` as a command is.
  const fib = [process.execPath, '--', CLI_BIN].join(' ');
  if (/['"\\$\s]/.test(process.execPath + CLI_BIN))
    throw new Error(`ptyTyping: a path holds a space or quote: ${fib}`);
  // script(1) runs the command with $SHELL: bash, for its job control (`set -m`, `fg`).
  const child = spawn(
    'bash',
    [
      '-c',
      `exec script -qec ${quote(`stty cols ${o.cols ?? 120} 2>/dev/null; FIB='${fib}'; ${command}`)} /dev/null`,
    ],
    {
      env: { ...cleanEnv(env), SHELL: 'bash' },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  const chunks: Buffer[] = [];
  let next = 0;
  let waiting = false;
  const advance = () => {
    const step = steps[next];
    if (!step || waiting) return;
    const screen = Buffer.concat(chunks).toString('utf8');
    const want = step.when;
    if (want && !(typeof want === 'string' ? screen.includes(want) : want.test(screen))) return;
    waiting = true;
    setTimeout(() => {
      waiting = false;
      next++;
      if (!child.stdin.destroyed) child.stdin.write(step.keys);
      advance();
    }, step.afterMs ?? 50);
  };
  child.stdout.on('data', (d: Buffer) => {
    chunks.push(d);
    advance();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 30_000);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, screen: Buffer.concat(chunks).toString('utf8').replaceAll('\r\n', '\n') });
    });
  });
}
