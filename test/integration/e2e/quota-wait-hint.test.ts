// A quota 429 says the server's own wait (newcomer pass 10, QUOTA429): the hint said "wait 60s"
// (the CLI's cap on how long it waits by itself) where Retry-After asked for most of an hour.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator();
  const file = join(tempDir(), 'wf.json');
  writeFileSync(
    file,
    JSON.stringify({ name: 'etl', version: '1', nodes: [{ id: 'a', type: 'llm' }], edges: [] }),
  );
  expect((await runCli(['workflow', 'create', 'etl', '--file', file], { env: emu.env })).code).toBe(0);
  const set = await runCli(['org', 'quota', 'set', 'workflow_runs_per_hour=1'], { env: emu.env });
  expect(set.code, set.stderr).toBe(0);
});
afterAll(() => emu.stop());

describe('the hourly run quota reached', () => {
  it('the hint gives the Retry-After in human units, not the 60 s cap', async () => {
    expect((await runCli(['workflow', 'run', 'etl'], { env: emu.env })).code).toBe(0);
    const r = await runCli(['workflow', 'run', 'etl'], { env: emu.env });
    expect([r.code, r.stdout]).toEqual([6, '']);
    const [error, hint, ...rest] = r.stderr.split('\n');
    expect(error).toMatch(
      /^error: rate limited by 127\.0\.0\.1:\d+: workflow_runs_per_hour quota of 1 reached/,
    );
    // The emulator asks for the rest of the hour: 3,5xx s, about 59 or 60 minutes.
    expect(hint).toMatch(
      /^hint: wait about (59 minutes|1 hour) \(the server's Retry-After: 3[56]\d\d s\) and try again$/,
    );
    expect(hint).not.toContain('--retries');
    expect(rest).toEqual(['']);
  });
});
