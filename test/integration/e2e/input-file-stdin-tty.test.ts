// `workflow run NAME --input-file -` (and `workflow create --file -`) with a terminal as standard
// input, on a real pseudo-terminal (script(1)) with the built CLI and the real emulator: the wait
// is announced on stderr (`reading the input from stdin; end with Ctrl-D`), text typed there and
// ended with Ctrl-D is the input, and Ctrl-C ends the wait as at the secret prompt: `error:
// interrupted`, exit 130, nothing sent. Piped input gets no such line.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv } from '../../helpers/clean-env.js';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { HAVE_PTY, pty, ptyPiped } from '../../helpers/pty.js';
import { CLI_BIN } from '../../helpers/repo.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const WAITING = 'reading the input from stdin; end with Ctrl-D';

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
  const file = join(tempDir('fib-stdin-'), 'wf.json');
  writeFileSync(
    file,
    JSON.stringify({ name: 'w', version: 1, nodes: [{ id: 'a', type: 'llm' }], edges: [] }),
  );
  const made = await runCli(['workflow', 'create', 'test/stdin', '--file', file], { env: emu.env });
  expect(made.code, made.stderr).toBe(0);
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

const posts = () => emu.accessLog().filter((l) => l.method === 'POST').length;

/** Run the CLI on a pty; once the screen shows `when`, type `keys` (the terminal's line discipline reads them). */
function typeAt(args: string[], when: string, keys: string): Promise<{ code: number; screen: string }> {
  const command = [process.execPath, '--', CLI_BIN, ...args]
    .map((a) => `'${a.replace(/'/g, "'\\''")}'`)
    .join(' ');
  const child = spawn('script', ['-qec', `stty cols 200 2>/dev/null; ${command}`, '/dev/null'], {
    env: cleanEnv(emu.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  let typed = false;
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    screen += d;
    if (!typed && screen.includes(when)) {
      typed = true;
      child.stdin.write(keys);
    }
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, screen: screen.replaceAll('\r\n', '\n') }));
  });
}

describe.skipIf(!HAVE_PTY)('--input-file - at a terminal', () => {
  it('says what it waits for; Ctrl-C there is `error: interrupted`, exit 130, nothing sent', async () => {
    const before = posts();
    const r = await pty(['workflow', 'run', 'test/stdin', '--input-file', '-'], emu.env, {
      interruptWhen: WAITING,
    });
    expect(r.screen).toContain(`${WAITING}\n`);
    expect(r.screen).toContain('error: interrupted\n');
    expect(r.code).toBe(130);
    expect(posts()).toBe(before);
  });

  it('text typed there and ended with Ctrl-D is the input: the run happens', async () => {
    const r = await typeAt(
      ['workflow', 'run', 'test/stdin', '--input-file', '-'],
      WAITING,
      '{"day": "x"}\n\u0004',
    );
    expect(r.screen).toContain(`${WAITING}\n`);
    expect(r.screen).toMatch(/Status:\s+completed/);
    expect(r.code).toBe(0);
  });

  it('workflow create --file - words it for the definition', async () => {
    const r = await pty(['workflow', 'create', 'test/never', '--file', '-'], emu.env, {
      interruptWhen: 'end with Ctrl-D',
    });
    expect(r.screen).toContain('reading the definition from stdin; end with Ctrl-D\n');
    expect(r.screen).toContain('error: interrupted\n');
    expect(r.code).toBe(130);
  });

  it('piped input at a terminal: no such line (nothing is waited for)', async () => {
    const r = await ptyPiped(['workflow', 'run', 'test/stdin', '--input-file', '-'], emu.env, '{}');
    expect(r.screen).not.toContain('reading the input');
    expect(r.code).toBe(0);
  });
});
