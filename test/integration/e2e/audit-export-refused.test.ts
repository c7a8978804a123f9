// `audit export` with a key refused before the first event (403: no read scope; 401) exits with
// that refusal's code, 5 or 4, and no resume hint: nothing was exported that a resume would
// continue. Before, it was "export stopped after 0 events" with exit 8 (found in hostile pass s14's
// fixes, HX-10). The built CLI against the real emulator.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;
let executeOnly: Record<string, string>;
beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
  const made = await runCli(['auth', 'create-key', '--name', 'exec-only', '--scope', 'execute', '--plain'], {
    env: emu.env,
  });
  expect(made.code, made.stderr).toBe(0);
  executeOnly = { ...emu.env, FIBONACCI_API_KEY: made.stdout.trim() };
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

describe('audit export refused before its first event', () => {
  it('to a file: exit 5, the refusal itself, no resume line, no file', async () => {
    const dir = tempDir('fib-export-refused-');
    const out = join(dir, 'o.ndjson');
    const r = await runCli(['audit', 'export', '--format', 'ndjson', '--output', out], { env: executeOnly });
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr).toMatch(/^error: not allowed: requires scope audit:read/);
    expect(r.stderr).not.toMatch(/resume|export stopped/);
    expect(existsSync(out)).toBe(false);
    // Nor a .partial or checkpoint that the next export would warn it discards (hostile re-pass s14).
    expect(readdirSync(dir)).toEqual([]);
  });

  it('to standard output: exit 5, nothing on stdout', async () => {
    const r = await runCli(['audit', 'export', '--format', 'ndjson', '--output', '-'], { env: executeOnly });
    expect([r.code, r.stdout]).toEqual([5, '']);
    expect(r.stderr).not.toContain('export to a file');
  });
});
