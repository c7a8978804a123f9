// `npm run demo`: the main job on the embedded emulator, as a new user would run it.
// Starts the emulator on a free port in a temp dir, logs in (through a real Secret Service when one
// can be started privately, else with FIBONACCI_API_KEY), runs commands, and stops the emulator.
// It never touches your own keychain: the keychain path uses a throw-away keyring in a private D-Bus session.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runStory } from './demo-steps.mjs';
import { spawnEmulator } from './spawn-emulator.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'bin', 'fibonacci.cjs');

function have(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

// FIBONACCI_DEMO_KEYCHAIN=0 shows the CI path (FIBONACCI_API_KEY) even where a keyring could be started.
const wantKeychain = process.env.FIBONACCI_DEMO_KEYCHAIN !== '0';
if (
  wantKeychain &&
  !process.env.FIBONACCI_DEMO_IN_SESSION &&
  have('dbus-run-session') &&
  have('gnome-keyring-daemon')
) {
  const r = spawnSync(
    join(root, 'scripts', 'with-secret-service.sh'),
    [process.execPath, fileURLToPath(import.meta.url)],
    {
      stdio: 'inherit',
      env: { ...process.env, FIBONACCI_DEMO_IN_SESSION: '1' },
    },
  );
  process.exit(r.status ?? 1);
}

const work = mkdtempSync(join(tmpdir(), 'fibonacci-demo-'));

// The work dir holds the emulator's owner key, master key and CA key. Ctrl-C ends this process at
// once, mid-step: spawnSync holds the event loop (no handler could run), and a step may hang once the
// session's keyring daemon has died of the same Ctrl-C. So a watchdog in a session of its own (the
// terminal's signal does not reach it) removes the dir when this process ends, however it ends (its
// stdin closes): it first stops the emulator it was told of (a dir removed under a running one could
// be written again), then removes the dir, and once more a moment later for a step still exiting.
const WATCHDOG = `(async () => {
  const { rmSync } = require('node:fs');
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
  let said = '';
  process.stdin.on('data', (c) => { said += c; });
  await new Promise((r) => process.stdin.once('end', r));
  const stopped = new Set(said.match(/(?<=^stopped )\\d+$/gm) ?? []);
  for (const pid of (said.match(/(?<=^emulator )\\d+$/gm) ?? []).filter((p) => !stopped.has(p)).map(Number)) {
    try { process.kill(pid, 'SIGTERM'); } catch {}
    for (let i = 0; i < 200 && alive(pid); i++) await sleep(50);
    try { process.kill(pid, 'SIGKILL'); } catch {}
  }
  rmSync(process.argv[1], { recursive: true, force: true });
  await sleep(1000);
  rmSync(process.argv[1], { recursive: true, force: true });
})();`;
const watchdog = spawn(process.execPath, ['-e', WATCHDOG, work], {
  detached: true,
  stdio: ['pipe', 'ignore', 'ignore'],
});
watchdog.unref();
const baseEnv = {
  PATH: process.env.PATH,
  HOME: work,
  XDG_CONFIG_HOME: join(work, 'config'),
  ...(process.env.DBUS_SESSION_BUS_ADDRESS
    ? { DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS }
    : {}),
  ...(process.env.XDG_RUNTIME_DIR ? { XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR } : {}),
};

function title(text) {
  const bold = process.stdout.isTTY && !process.env.NO_COLOR;
  process.stdout.write(bold ? `\n\x1b[1m== ${text}\x1b[0m\n` : `\n== ${text}\n`);
}

const quote = (a) => `'${a.replace(/'/g, "'\\''")}'`;

/**
 * Run the CLI as a user would (in `cwd`, when given), echoing the command line; returns { code, stdout }.
 * What it prints is shown as the CLI wrote it, stdout and stderr in one stream: replaying one
 * stream after the other put an `error:` between a heading and its diff, a `✓` before the id.
 */
function fib(
  args,
  { env = {}, input, show = `fibonacci ${args.join(' ')}`, allowFail = false, quiet = false, cwd } = {},
) {
  process.stdout.write(`\n$ ${show}\n`);
  const r = quiet ? captured(args, { env, input, cwd }) : onTerminal(args, { env, input, cwd });
  if (r.output) process.stdout.write(r.output);
  if (r.status !== 0 && !allowFail) {
    process.stdout.write(`demo: command failed with exit ${r.status}\n`);
    throw new Error('demo step failed');
  }
  if (allowFail) process.stdout.write(`(exit ${r.status})\n`);
  return { code: r.status, stdout: r.stdout ?? '' };
}

/**
 * A step whose output is shown: on a pseudo-terminal (util-linux `script`), which is what a user at
 * a terminal sees (the aligned table, the `✓` line of a change) whether the demo's own output is a
 * terminal, a pipe or a file; `input` is piped to the CLI inside it, as `printf … |` would be.
 * Without `script`, on one pipe for both streams (`2>&1`): the same order, without the terminal's lines.
 */
function onTerminal(args, { env, input, cwd }) {
  const quoted = [process.execPath, '--', cli, ...args].map(quote).join(' ');
  const piped =
    input === undefined ? quoted : `printf %s "$FIB_DEMO_INPUT" | env -u FIB_DEMO_INPUT ${quoted}`;
  const stepEnv = {
    ...baseEnv,
    ...env,
    NO_COLOR: '1',
    ...(input === undefined ? {} : { FIB_DEMO_INPUT: input }),
  };
  const r = have('script')
    ? spawnSync('script', ['-qec', `stty cols 120 2>/dev/null; ${piped}`, '/dev/null'], {
        env: stepEnv,
        encoding: 'utf8',
        cwd,
      })
    : spawnSync('sh', ['-c', `exec 2>&1; ${piped}`], { env: stepEnv, encoding: 'utf8', cwd });
  const output = r.stdout.replace(/\r\n/g, '\n');
  // The terminal's redrawn status line (an export's progress: `ESC[2K` then the new text) is what
  // a user at a terminal sees settle; a log the demo writes to a pipe or a file keeps the last
  // drawing only, not every redraw (newcomer pass 12).
  return {
    status: r.status,
    output: process.stdout.isTTY ? output : output.replace(/^[^\n]*\x1b\[2K/gm, ''),
  };
}

/** A step whose stdout is the next step's input (a new key): it is not shown; its stderr is. */
function captured(args, { env, input, cwd }) {
  const r = spawnSync(process.execPath, ['--', cli, ...args], {
    env: { ...baseEnv, ...env },
    input,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
    cwd,
  });
  return { status: r.status, output: r.stderr, stdout: r.stdout };
}

async function startEmulator(dataDir) {
  const emu = await spawnEmulator(dataDir, { env: baseEnv });
  // Show what a user sees, without the one-time owner key line.
  process.stdout.write(
    emu.output
      .split('\n')
      .filter((l) => !l.includes('fib_'))
      .join('\n'),
  );
  return emu;
}

async function main() {
  title('Start the local Fibonacci API (the emulator)');
  process.stdout.write(`$ fibonacci emulator start --port 0 --data-dir ${join(work, 'emulator')}\n`);
  const emu = await startEmulator(join(work, 'emulator'));
  watchdog.stdin.write(`emulator ${emu.child.pid}\n`);
  const ownerKey = readFileSync(join(work, 'emulator', 'owner-key'), 'utf8').trim();
  const conn = { FIBONACCI_BASE_URL: emu.url, FIBONACCI_CA_CERT: emu.ca };
  try {
    const keychain = Boolean(process.env.FIBONACCI_DEMO_IN_SESSION);
    let userEnv = conn;
    if (keychain) {
      title('Log in: the key goes into the Secret Service (a private throw-away keyring)');
      fib(['auth', 'login', '--with-token'], {
        env: conn,
        input: `${ownerKey}\n`,
        show: 'fibonacci auth login --with-token < owner-key',
      });
    } else {
      title('No Secret Service here: use FIBONACCI_API_KEY, as CI does');
      userEnv = { ...conn, FIBONACCI_API_KEY: ownerKey };
    }
    await runStory({ fib, title, env: userEnv, conn, work, cli });
    if (keychain) {
      title('Log out');
      fib(['auth', 'logout'], { env: conn });
    }
  } finally {
    title('Stop the emulator');
    emu.child.kill('SIGTERM');
    await new Promise((r) => emu.child.once('exit', r));
    watchdog.stdin.write(`stopped ${emu.child.pid}\n`);
    process.stdout.write('emulator stopped\n');
    rmSync(work, { recursive: true, force: true });
    watchdog.stdin.end();
  }
}

main().catch((e) => {
  process.stderr.write(`demo failed: ${e.message}\n`);
  process.exit(1);
});
