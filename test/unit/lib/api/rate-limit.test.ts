// The CLI against the emulator's rate limit, both in process and in fake time: the client's retry
// wait goes through the context's sleep, which moves the ManualClock the server's limiter reads.
import { afterEach, describe, expect, it } from 'vitest';
import { parseAccessLog } from '../../../helpers/access-log.js';
import { apiRequest } from '../../../helpers/api-request.js';
import { type InProcessEmulator, startInProcess } from '../../../helpers/in-process-emulator.js';
import { ManualClock } from '../../../helpers/manual-clock.js';
import { runInProcess } from '../../../helpers/run-in-process.js';

let emu: InProcessEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

/** An emulator allowing 3 requests a minute, whose window has `left` ms to run, with the limit used up. */
async function exhausted(left: number): Promise<{ e: InProcessEmulator; clock: ManualClock }> {
  const clock = new ManualClock(new Date(Date.parse('2026-11-29T10:31:00.000Z') - left));
  const e = await startInProcess({ clock, rateLimitPerMinute: 3 });
  emu = e;
  for (let i = 0; i < 3; i++) expect((await apiRequest(e, 'GET', '/api/v1/auth/me')).status).toBe(200);
  return { e, clock };
}
const env = (e: InProcessEmulator) => ({
  FIBONACCI_BASE_URL: e.url,
  FIBONACCI_CA_CERT: e.caCertPath,
  FIBONACCI_API_KEY: e.ownerKey,
});
const statuses = (e: InProcessEmulator) => parseAccessLog(e.logLines.join('\n')).map((l) => l.status);

describe('rate limit, in fake time', () => {
  it("waits the server's Retry-After once, announced, and succeeds in the next window", async () => {
    const { e, clock } = await exhausted(42_000);
    const r = await runInProcess(['auth', 'status', '--json'], { clock, env: env(e) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('retrying in 42s: 429 Too Many Requests (attempt 2 of 4)\n');
    expect(JSON.parse(r.stdout)).toMatchObject({ role: 'owner' });
    expect(clock.waits).toEqual([42_000]);
    expect(statuses(e)).toEqual([200, 200, 200, 429, 200]);
  });

  it('with --retries 0: exit 6 at once, the hint naming the wait, nothing retried', async () => {
    const { e, clock } = await exhausted(15_000);
    const r = await runInProcess(['auth', 'status', '--retries', '0'], { clock, env: env(e) });
    expect(r.code).toBe(6);
    expect(r.stdout).toBe('');
    const [error, hint, ...rest] = r.stderr.split('\n');
    expect(error).toBe(
      `error: rate limited by ${new URL(e.url).host}: rate limit exceeded; retry in 15 s (request ${e.logLines[3]?.split(' ').at(-1)})`,
    );
    expect(hint).toBe(
      "hint: wait 15s (the server's Retry-After) and try again; --retries sets how often the CLI waits and retries by itself",
    );
    expect(rest).toEqual(['']);
    expect(clock.waits).toEqual([]);
    expect(statuses(e)).toEqual([200, 200, 200, 429]);
  });
});
