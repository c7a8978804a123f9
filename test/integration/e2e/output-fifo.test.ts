// A FIFO named as an output (`security check --output F`, `--write-baseline F`, the completion
// script's place) through the built CLI. Nothing waits inside open(2) or write(2): with no reader,
// Ctrl-C and SIGTERM end the wait with one error line and exit 130, and the FIFO stays a FIFO (a
// blocking open in the main thread left main's signal handlers unable to run: only SIGKILL ended
// it). A reader that comes later gets the whole report; `completion install` does not wait at all.
import { execFileSync, spawn } from 'node:child_process';
import { lstatSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLANTS, seeded } from '../../../bench/security-check-secrets.mjs';
import { CLI_BIN } from '../../helpers/repo.js';
import { makeTree } from '../../helpers/security-check.js';
import { runCli, spawnCollect, waitExit } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const rng = seeded(41);
const token = () => PLANTS['github-token']?.(rng).secret as string;

/** A tree with `n` findings and a FIFO `out` nobody reads yet. */
function tree(n: number): string {
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++)
    files[`w${i}.yaml`] = `name: w${i}\nnodes:\n  - id: a\n    type: tool\n    token: ${token()}\n`;
  const root = makeTree(files);
  execFileSync('mkfifo', [join(root, 'out')]);
  return root;
}

function checkIn(root: string, args: string[]) {
  const proc = spawnCollect(
    process.execPath,
    ['--', CLI_BIN, 'security', 'check', ...args],
    {},
    { cwd: root },
  );
  proc.child.stdin.end();
  return proc;
}

/** Until the CLI says it waits for a reader (after its scan): no fixed sleep that only holds when the host is idle. */
async function waiting(proc: ReturnType<typeof checkIn>, path: string): Promise<void> {
  const said = `waiting for a process to read ${path} (a named pipe); Ctrl-C stops\n`;
  for (let i = 0; i < 1200 && !proc.stderr().includes(said); i++) await new Promise((r) => setTimeout(r, 50));
  expect(proc.stderr()).toBe(said);
}

describe('an output FIFO that no process reads', () => {
  it.each([
    ['SIGINT', ['--output', 'out'], 'cannot write --output out'],
    ['SIGTERM', ['--output', 'out'], 'cannot write --output out'],
    ['SIGTERM', ['--write-baseline', 'out'], 'cannot write the baseline out'],
  ] as const)(
    '%s during security check %s: exit 130, said once, the FIFO kept',
    async (signal, args, what) => {
      const root = tree(1);
      const proc = checkIn(root, [...args]);
      await waiting(proc, 'out');
      proc.child.kill(signal);
      const code = await waitExit(proc, `security check after ${signal}`, 10_000);
      // The report goes to stdout when only the baseline is a file.
      const stdout = args[0] === '--output' ? proc.stdout() : '';
      expect({ code, stdout, stderr: proc.stderr() }).toEqual({
        code: 130,
        stdout: '',
        stderr:
          'waiting for a process to read out (a named pipe); Ctrl-C stops\n' +
          `error: ${what}: interrupted while waiting for a process to read it\n` +
          'hint: start the process that reads the named pipe first, or name a regular file\n',
      });
      expect(lstatSync(join(root, 'out')).isFIFO()).toBe(true);
    },
  );

  it('a reader that comes later gets the whole report, larger than a pipe holds', async () => {
    const root = tree(400);
    const proc = checkIn(root, ['--json', '--output', 'out']);
    await waiting(proc, 'out');
    const reader = spawn('cat', [join(root, 'out')], { stdio: ['ignore', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    reader.stdout.on('data', (c: Buffer) => chunks.push(c));
    const read = new Promise((ok) => reader.on('close', ok));
    const code = await waitExit(proc, 'security check with a late reader', 60_000);
    await read;
    const text = Buffer.concat(chunks).toString('utf8');
    expect(text.length).toBeGreaterThan(65_536);
    expect([code, JSON.parse(text).findings.length]).toEqual([11, 400]);
    expect(lstatSync(join(root, 'out')).isFIFO()).toBe(true);
  });

  it('completion install over a FIFO: exit 3 at once with the reason, the FIFO kept', async () => {
    const home = tempDir('fib-install-fifo-');
    const dir = join(home, 'data', 'bash-completion', 'completions');
    mkdirSync(dir, { recursive: true });
    const target = join(dir, 'fibonacci');
    execFileSync('mkfifo', [target]);
    const r = await runCli(['completion', 'install', 'bash'], {
      env: { HOME: home, XDG_DATA_HOME: join(home, 'data') },
      timeoutMs: 10_000,
    });
    expect(r).toEqual({
      code: 3,
      stdout: '',
      stderr:
        `error: cannot write ${target}: it is a named pipe that no process is reading\n` +
        `hint: remove or rename ${target}, or write the script yourself with \`fibonacci completion bash\`\n`,
    });
    expect(lstatSync(target).isFIFO()).toBe(true);
  });
});
