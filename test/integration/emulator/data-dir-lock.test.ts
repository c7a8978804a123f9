// One emulator per data dir (emulator.lock, naming its pid), and a failed start that takes back
// exactly what it added: spawned from the built CLI (run `npm run build` first).

import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { apiRequest } from '../../helpers/api-request.js';
import { startEmulator } from '../../helpers/emulator.js';
import { runCli, spawnCli, waitExit } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const ME = '/api/v1/auth/me';
const LISTENING = /^Fibonacci emulator listening on (https:\/\/\S+) \(TLS 1\.3\)$/m;
const IN_USE = (dir: string, pid: number) =>
  new RegExp(
    `^error: the data dir ${dir} is in use by another emulator \\(pid ${pid}, started \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\)\\n` +
      `hint: stop it \\(kill ${pid}\\) or give this one another --data-dir; if no emulator runs there, remove ${dir}/emulator.lock\\n$`,
  );

/** A port something already listens on. */
let blocker: Server | undefined;
async function busyPort(): Promise<number> {
  blocker = createServer();
  await new Promise<void>((resolve) => blocker?.listen(0, '127.0.0.1', resolve));
  return (blocker.address() as { port: number }).port;
}
afterEach(async () => {
  await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()));
  blocker = undefined;
});

/** Every name in `dir` with its bytes, to compare a dir before and after a refused start. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f)).toString('base64')]));
}

describe('a start that fails leaves no half-made data dir', () => {
  it('a fresh data dir and a port in use: no dir left; the next start makes it and shows the owner key', async () => {
    const dir = join(tempDir(), 'emu');
    const port = await busyPort();
    const r = await runCli(['emulator', 'start', '--port', String(port), '--data-dir', dir]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: cannot listen on 127\.0\.0\.1:(\d+): port \1 is already in use\n/);
    expect(() => statSync(dir)).toThrow(/ENOENT/);

    const emu = await startEmulator({ dataDir: dir });
    expect(emu.stdout()).toContain(`owner key (shown once; also saved to ${dir}/owner-key`);
    expect((await apiRequest(emu, 'GET', ME)).status).toBe(200);
    await emu.stop();
  });

  it('a dir the user made: left as it was (empty); a used data dir: every file unchanged', async () => {
    const mine = join(tempDir(), 'mine');
    mkdirSync(mine, { mode: 0o700 });
    writeFileSync(join(mine, 'notes.txt'), 'mine\n');
    const port = await busyPort();
    const r = await runCli(['emulator', 'start', '--port', String(port), '--data-dir', mine]);
    expect(r.code).not.toBe(0);
    expect(readdirSync(mine)).toEqual(['notes.txt']);

    const emu = await startEmulator();
    await emu.stop();
    const before = snapshot(emu.dataDir);
    const again = await runCli(['emulator', 'start', '--port', String(port), '--data-dir', emu.dataDir]);
    expect(again.code).not.toBe(0);
    expect(snapshot(emu.dataDir)).toEqual(before);
  });
});

describe('one emulator per data dir', () => {
  it('a second start on a running data dir exits 3 naming the pid; the first serves on, files untouched', async () => {
    const emu = await startEmulator();
    const before = snapshot(emu.dataDir);
    const second = await runCli(['emulator', 'start', '--port', '0', '--data-dir', emu.dataDir]);
    expect(second.code).toBe(3);
    expect(second.stdout).toBe('');
    expect(second.stderr).toMatch(IN_USE(emu.dataDir, emu.process.pid as number));
    expect(snapshot(emu.dataDir)).toEqual(before);
    expect((await apiRequest(emu, 'GET', ME)).status).toBe(200);
    // Out-of-band writers need no lock: SQLite serialises them beside the running server.
    expect((await apiRequest(emu, 'GET', ME, { key: await emu.addUser('viewer') })).status).toBe(200);
    expect(await emu.stop()).toBe(0);
    expect(readdirSync(emu.dataDir)).not.toContain('emulator.lock');
  });

  it('two starts racing on a fresh data dir: one serves with the CA on disk, the other exits 3 with no key', async () => {
    for (let round = 0; round < 3; round++) {
      const dir = join(tempDir(), 'race');
      const both = [0, 1].map(() => {
        const p = spawnCli(['emulator', 'start', '--port', '0', '--data-dir', dir]);
        p.child.stdin.end();
        return { p, exited: waitExit(p, 'emulator start', 60_000) };
      });
      try {
        // Each either listens or exits; the loser exits at once.
        const outcome = await Promise.all(
          both.map(
            ({ p, exited }) =>
              new Promise<'listening' | number>((resolve) => {
                const poll = setInterval(() => {
                  if (LISTENING.test(p.stdout())) {
                    clearInterval(poll);
                    resolve('listening');
                  }
                }, 20);
                void exited.then((code) => {
                  clearInterval(poll);
                  resolve(LISTENING.test(p.stdout()) ? 'listening' : code);
                });
              }),
          ),
        );
        const winner = outcome.indexOf('listening');
        expect(
          outcome.filter((o) => o === 'listening'),
          JSON.stringify(outcome),
        ).toHaveLength(1);
        const won = both[winner]?.p;
        const lost = both[1 - winner]?.p;
        if (!won || !lost) throw new Error('no winner');
        expect(outcome[1 - winner]).toBe(3);
        expect(lost.stdout()).toBe('');
        // The loser may meet the lock before the winner has written who it is: both are the refusal.
        const refused = lost.stderr();
        if (refused.includes('(a process that has not said who it is yet)'))
          expect(refused).toBe(
            `error: the data dir ${dir} is in use by another emulator (a process that has not said who it is yet)\nhint: stop it or give this one another --data-dir; if no emulator runs there, remove ${dir}/emulator.lock\n`,
          );
        else expect(refused).toMatch(IN_USE(dir, won.child.pid as number));

        // The winner's owner key is the one on disk, and its certificate chains to the CA on disk.
        const url = LISTENING.exec(won.stdout())?.[1] as string;
        const key = /owner key .*: (fib_test_\w+)$/m.exec(won.stdout())?.[1];
        expect(key).toBe(readFileSync(join(dir, 'owner-key'), 'utf8').trim());
        const server = { url, caCertPath: join(dir, 'ca.pem'), ownerKey: key as string };
        expect((await apiRequest(server, 'GET', ME)).status).toBe(200);
        won.child.kill('SIGTERM');
        expect(await both[winner]?.exited).toBe(0);
      } finally {
        // Whatever the outcome, no emulator of this round outlives it.
        for (const { p } of both)
          if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
        await Promise.all(both.map(({ exited }) => exited.catch(() => 0)));
      }
    }
  });

  it('the lock of an emulator that was killed is taken over, with a warning naming its pid', async () => {
    const emu = await startEmulator();
    const pid = emu.process.pid as number;
    await emu.kill();
    expect(readdirSync(emu.dataDir)).toContain('emulator.lock');
    const again = await emu.restart();
    expect(again.stderr()).toContain(
      `warning: taking over ${emu.dataDir}/emulator.lock from emulator pid ${pid}, which is no longer running\n`,
    );
    expect(again.stdout()).not.toContain('owner key');
    expect((await apiRequest(again, 'GET', ME)).status).toBe(200);
    await again.stop();
  });
});
