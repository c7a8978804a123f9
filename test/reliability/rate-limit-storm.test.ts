// The CLI under a 429 storm: an emulator limited to 3 requests per second per key, and 8 CLI runs
// (GETs and PUTs) at once with the same key. Every run ends with success within its retry budget,
// announces every wait, and the server's access log shows exactly the attempts the CLI announced:
// one first attempt per run plus one per announced wait (no hidden or amplified retries).
import { afterAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../helpers/emulator.js';
import { type CliResult, runCli } from '../helpers/spawn-cli.js';

let emu: EmulatorHandle | undefined;
let strict: EmulatorHandle | undefined;
afterAll(async () => {
  await Promise.all([emu?.stop(), strict?.stop()]);
});

const WAIT = /^retrying in [\d.]+s: 429 Too Many Requests \(attempt (\d+) of 8\)$/;

describe('a 429 storm', () => {
  it('every GET and PUT eventually succeeds, each wait announced, attempts counted at the server', async () => {
    emu = await startEmulator({ timeoutMs: 60_000, env: { FIBONACCI_EMULATOR_RATE_LIMIT: '3/1s' } });
    const e = emu;
    const env = { ...e.env, FIBONACCI_MAX_RETRIES: '7' };
    const runs: Array<Promise<CliResult>> = [];
    for (let i = 0; i < 4; i++) {
      runs.push(runCli(['secret', 'set', `STORM_${i}`], { env, input: `value-${i}` }));
      runs.push(runCli(['secret', 'list', '--json'], { env }));
    }
    const results = await Promise.all(runs);

    let announced = 0;
    for (const r of results) {
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stderr.split('\n').filter((l) => l !== '');
      // Nothing on stderr but the announcements, numbered 2, 3, … in order.
      lines.forEach((l, i) => {
        expect(l).toMatch(WAIT);
        expect(Number(WAIT.exec(l)?.[1])).toBe(i + 2);
      });
      announced += lines.length;
    }
    expect(announced, 'the limit really was hit').toBeGreaterThan(0);

    const log = e.accessLog().filter((l) => l.path.startsWith('/api/v1/secrets'));
    const ok = log.filter((l) => l.status < 300);
    const limited = log.filter((l) => l.status === 429);
    expect(ok).toHaveLength(results.length);
    expect(limited).toHaveLength(announced);
    expect(log).toHaveLength(results.length + announced);
    expect(log.every((l) => l.status < 300 || l.status === 429)).toBe(true);
  }, 120_000);

  it('when the budget runs out: exit 6 with one error line, and only the budgeted attempts', async () => {
    // One request a day, not a minute: windows are aligned to the epoch, so on a loaded machine two
    // runs a second apart could straddle a minute's edge and the second be allowed.
    strict = await startEmulator({ timeoutMs: 60_000, env: { FIBONACCI_EMULATOR_RATE_LIMIT: '1/1d' } });
    const e = strict;
    expect((await runCli(['secret', 'list'], { env: e.env })).code).toBe(0);
    const r = await runCli(['secret', 'list'], { env: { ...e.env, FIBONACCI_MAX_RETRIES: '0' } });
    expect(r.code).toBe(6);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: [^\n]*rate limit[^\n]*\n(hint: [^\n]+\n)?$/i);
    expect(e.accessLog().filter((l) => l.path === '/api/v1/secrets')).toHaveLength(2);
  }, 60_000);
});
