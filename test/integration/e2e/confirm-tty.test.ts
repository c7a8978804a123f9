// Confirmations at a real terminal (script(1) gives the CLI a pseudo-terminal): "no", Ctrl-C and
// Ctrl-D all change nothing and exit 130, saying what was not done; "yes" goes on. The answer is
// typed only once the question is on the screen, as a person would.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { hasProgram, prerequisite } from '../../helpers/prerequisites.js';
import { CLI_BIN } from '../../helpers/repo.js';
import { runCli } from '../../helpers/spawn-cli.js';

const haveScript = prerequisite('script(1)', hasProgram('script'), 'apt-get install util-linux');

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

/** Run the CLI on a terminal, type `keys` once `question` shows; the screen text and exit code. */
function atTerminal(
  argv: string[],
  question: string,
  keys: string,
  env: Record<string, string> = emu.env,
): Promise<{ code: number; screen: string }> {
  const command = `node ${CLI_BIN} --no-color ${argv.join(' ')}; echo "[exit $?]"`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    // HOME and XDG_CONFIG_HOME in the throw-away data dir: a login stores nothing of the user's.
    env: {
      PATH: process.env.PATH ?? '',
      HOME: emu.dataDir,
      XDG_CONFIG_HOME: emu.dataDir,
      TERM: 'xterm',
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  let typed = false;
  return new Promise((resolve, reject) => {
    const killer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no exit; the screen so far:\n${screen}`));
    }, 30_000);
    child.stdout.on('data', (d: Buffer) => {
      screen += d.toString('utf8');
      if (!typed && screen.includes(question)) {
        typed = true;
        child.stdin.write(keys);
      }
    });
    child.on('exit', () => {
      clearTimeout(killer);
      const m = /\[exit (\d+)\]/.exec(screen);
      resolve({ code: m ? Number(m[1]) : -1, screen });
    });
  });
}

describe.skipIf(!haveScript)('secret delete at a terminal', () => {
  const QUESTION = 'Delete secret TTY_SECRET from shared? This cannot be undone.';
  const stored = async () =>
    (await runCli(['secret', 'list'], { env: emu.env })).stdout
      .split('\n')
      .some((l) => l.startsWith('TTY_SECRET\t'));

  it.each([
    ['no', 'n\r'],
    ['Ctrl-C', '\u0003'],
    ['Ctrl-D', '\u0004'],
  ])('%s: nothing deleted, "cancelled: …", exit 130', async (_what, keys) => {
    expect((await runCli(['secret', 'set', 'TTY_SECRET'], { env: emu.env, input: 'v\n' })).code).toBe(0);
    const r = await atTerminal(['secret', 'delete', 'TTY_SECRET'], QUESTION, keys);
    expect(r.code, r.screen).toBe(130);
    expect(r.screen).toContain('cancelled: TTY_SECRET was not deleted');
    expect(r.screen).not.toContain('error:');
    expect(await stored()).toBe(true);
  });

  it('yes: deleted, exit 0', async () => {
    const r = await atTerminal(['secret', 'delete', 'TTY_SECRET'], QUESTION, 'y\r');
    expect(r.code, r.screen).toBe(0);
    expect(r.screen).toContain('Deleted secret TTY_SECRET (shared)');
    expect(await stored()).toBe(false);
  });

  it('a name that is not there: "no such secret", exit 12, and no question', async () => {
    const r = await atTerminal(['secret', 'delete', 'TTY_SECRET'], QUESTION, 'y\r');
    expect(r.code, r.screen).toBe(12);
    expect(r.screen).toContain('error: no such secret TTY_SECRET in shared');
    expect(r.screen).not.toContain('Delete secret');
  });
});

describe.skipIf(!haveScript)('auth login at a terminal', () => {
  it('Ctrl-D at the key prompt: nothing stored, exit 130, never 0', async () => {
    const { FIBONACCI_API_KEY: _owner, ...env } = emu.env;
    const r = await atTerminal(
      ['auth', 'login', '--insecure-storage'],
      'Paste your Fibonacci API key:',
      '\u0004',
      env,
    );
    expect(r.code, r.screen).toBe(130);
    expect(r.screen).toContain('error: interrupted');
    expect(r.screen).not.toContain('Logged in');
  });
});
