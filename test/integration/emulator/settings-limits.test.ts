// Request body limits: 413 over the size limit, 400 for JSON nested too deep or malformed; never a
// 500 (spawned emulator, npm run build first).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceBody } from '../../helpers/announce-body.js';
import { apiRequest } from '../../helpers/api-request.js';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';

let emu: EmulatorHandle;
let quotaPath: string;

beforeAll(async () => {
  emu = await startEmulator();
  const me = await apiRequest(emu, 'GET', '/api/v1/auth/me');
  quotaPath = `/api/v1/organizations/${(me.body as { organization_id: string }).organization_id}/quota`;
});
afterAll(() => emu.stop());

/** `{"memory_mb": [[…]]}` with `depth` levels of nesting in all. */
const nested = (depth: number) => `{"memory_mb": ${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;

describe('request body limits', () => {
  it('413 for a body over 1 MiB', async () => {
    const res = await announceBody(emu, 'PATCH', quotaPath, 1024 * 1024 + 1);
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ detail: 'request body too large' });
  });

  it('accepts 32 levels of nesting and refuses 33 with 400', async () => {
    const ok = await apiRequest(emu, 'PATCH', quotaPath, { body: nested(32) });
    expect(ok.status).toBe(200);
    expect((ok.body as { discarded: unknown[] }).discarded).toHaveLength(1);
    const deep = await apiRequest(emu, 'PATCH', quotaPath, { body: nested(33) });
    expect(deep.status).toBe(400);
    expect(deep.body).toEqual({
      detail:
        "JSON body nests deeper than 32 levels, counting the body's own object (its input_data or definition is the second)",
    });
  });

  it('400, not 500, for half a million levels, and brackets inside strings do not count', async () => {
    const res = await apiRequest(emu, 'PATCH', quotaPath, { body: `{"a": ${'['.repeat(500_000)}` });
    expect(res.status).toBe(400);
    const inString = await apiRequest(emu, 'PATCH', quotaPath, {
      body: { memory_mb: `\\"${'['.repeat(100)}` },
    });
    expect(inString.status).toBe(200);
  });

  it.each([
    ['truncated', '{"memory_mb": '],
    ['not JSON', 'memory_mb=5'],
    ['a trailing comma', '{"memory_mb": 5,}'],
  ])('400 for malformed JSON: %s', async (_name, body) => {
    const res = await apiRequest(emu, 'PATCH', quotaPath, { body });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ detail: 'malformed JSON body' });
  });

  it('the emulator logged no server error', () => {
    expect(emu.stderr()).not.toMatch(/ 5\d\d \d/);
  });
});
