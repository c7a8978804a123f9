// The per-key rate limit from FIBONACCI_EMULATOR_RATE_LIMIT: headers on every response, 429 with
// Retry-After over it, and the CLI's retries getting through a short burst (spawned, npm run build first).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest } from '../../helpers/api-request.js';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';

// Long enough that a burst and a CLI start fit in one window on a busy machine.
const WINDOW_MS = 6000;
let emu: EmulatorHandle;

beforeAll(async () => {
  emu = await startEmulator({ env: { FIBONACCI_EMULATOR_RATE_LIMIT: `5/${WINDOW_MS / 1000}s` } });
});
afterAll(() => emu.stop());

/** Wait until at least 4 s of a rate window remain (windows are aligned to the epoch). */
async function windowStart(): Promise<void> {
  while (Date.now() % WINDOW_MS > WINDOW_MS - 4000) await new Promise((r) => setTimeout(r, 20));
}

describe('rate limit', () => {
  it('sends the three X-RateLimit headers and answers 429 with Retry-After over the limit', async () => {
    await windowStart();
    const responses = [];
    for (let i = 0; i < 6; i++) responses.push(await apiRequest(emu, 'GET', '/api/v1/auth/me'));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(responses.map((r) => r.headers['x-ratelimit-remaining'])).toEqual(['4', '3', '2', '1', '0', '0']);
    const reset = Math.ceil((Math.floor(Date.now() / WINDOW_MS) + 1) * (WINDOW_MS / 1000));
    for (const r of responses) {
      expect(r.headers['x-ratelimit-limit']).toBe('5');
      expect(r.headers['x-ratelimit-reset']).toBe(String(reset));
    }
    const limited = responses[5];
    expect(Number(limited?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(limited?.headers['retry-after'])).toBeLessThanOrEqual(WINDOW_MS / 1000);
    expect(limited?.body).toEqual({
      detail: `rate limit exceeded; retry in ${limited?.headers['retry-after']} s`,
    });
    // Each key has its own window: another key is not limited.
    const other = await emu.addUser('viewer');
    expect((await apiRequest(emu, 'GET', '/api/v1/auth/me', { key: other })).status).toBe(200);
  });

  it('the CLI retries through a burst and succeeds, announcing the wait', async () => {
    await windowStart();
    for (let i = 0; i < 5; i++) await apiRequest(emu, 'GET', '/api/v1/auth/me');
    expect((await apiRequest(emu, 'GET', '/api/v1/auth/me')).status).toBe(429);
    const r = await runCli(['auth', 'status', '--json'], { env: emu.env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^retrying in \d+(\.\d)?s: 429 Too Many Requests \(attempt 2 of 4\)\n$/);
    expect(JSON.parse(r.stdout)).toMatchObject({ role: 'owner' });
  });
});
