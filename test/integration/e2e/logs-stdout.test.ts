// `audit logs` writes are awaited: a stdout that fails (`> /dev/full`) ends `--follow` at once with
// the error line instead of polling on until Ctrl-C, and a listing stops at the page that could not
// be written instead of fetching the rest. A closed pipe (`| head -c1`) stays the quiet exit 0.
// The built CLI against the emulator (npm run build first).
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest } from '../../helpers/api-request.js';
import { cleanEnv } from '../../helpers/clean-env.js';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { CLI_BIN } from '../../helpers/repo.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { runWithStdio } from '../../helpers/spawn-stdio.js';

const FULL =
  'error: cannot write to standard output: no space left on device (ENOSPC)\n' +
  'hint: what was not written is lost: free some space, or send the output somewhere else\n';

let emu: EmulatorHandle;
let member: string;
const deny = async () =>
  expect((await apiRequest(emu, 'GET', '/api/v1/audit/events', { key: member })).status).toBe(403);
// The owner's pages (200); the member's refused reads (403) are only there to make events.
const eventRequests = () =>
  emu.accessLog().filter((l) => l.path === '/api/v1/audit/events' && l.status === 200).length;

beforeAll(async () => {
  emu = await startEmulator();
  member = await emu.addUser('member', ['--scope', 'execute']);
  const seeded = await runCli(['emulator', 'seed-audit', '--count', '50', '--data-dir', emu.dataDir]);
  expect(seeded.code, seeded.stderr).toBe(0);
});
afterAll(async () => {
  await emu?.stop();
});

describe('audit logs when stdout fails (e2e)', () => {
  it('--follow > /dev/full: exit 1 with the error as soon as the history is written, no more polls', async () => {
    const before = eventRequests();
    // Without awaiting its writes, the follower would poll until killed: the timeout fails the test.
    const r = await runWithStdio(['audit', 'logs', '--follow', '--format', 'ndjson'], {
      env: emu.env,
      stdout: '/dev/full',
      timeoutMs: 15_000,
    });
    expect(r).toEqual({ code: 1, stderr: FULL });
    expect(eventRequests() - before).toBe(1);
  });

  it('--follow > /dev/full with no history: the first new event ends it', async () => {
    // No auth.failed event exists yet: the follower starts with nothing written, and only the
    // first one (a request with an unknown key) gives it something to fail on.
    const run = runWithStdio(['audit', 'logs', '--follow', '--event-type', 'auth.failed', '--json'], {
      env: emu.env,
      stdout: '/dev/full',
      timeoutMs: 20_000,
    });
    await new Promise((r) => setTimeout(r, 1500));
    const unknown = 'fib_test_unknownKeyForTheFollowTest0123456789';
    expect((await apiRequest(emu, 'GET', '/api/v1/auth/me', { key: unknown })).status).toBe(401);
    const r = await run;
    expect(r).toEqual({ code: 1, stderr: FULL });
  });

  it('a listing > /dev/full stops at the first page it could not write (backpressure)', async () => {
    const before = eventRequests();
    const r = await runWithStdio(['audit', 'logs', '--limit', '0', '--page-size', '10', '--json'], {
      env: emu.env,
      stdout: '/dev/full',
    });
    expect(r).toEqual({ code: 1, stderr: FULL });
    // 50 seeded events and more: 6 or more pages, but only the first was asked for.
    expect(eventRequests() - before).toBe(1);
  });

  it('--follow | head -c1: the quiet exit 0 once the reader is gone and a new event arrives', async () => {
    const child = spawn(
      'bash',
      ['-c', `set -o pipefail; "${process.execPath}" -- "${CLI_BIN}" audit logs --follow --json | head -c1`],
      { env: cleanEnv(emu.env), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const timer = setInterval(() => void deny(), 1000);
    try {
      const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 20_000))]);
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      expect(stdout).toBe('{');
    } finally {
      clearInterval(timer);
      child.kill('SIGKILL');
    }
  });
});
