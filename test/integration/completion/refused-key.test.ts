// A key revoked at the server: once a request with it has been refused (401), TAB offers none of the
// names it could read, from Node's cache or the shell's file, instead of for the rest of their 60 s.
// The built CLI against a real emulator, the names asked of bash through the shipped script.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv } from '../../helpers/clean-env.js';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { CLI_BIN } from '../../helpers/repo.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { bashComplete } from './shells.js';

let emu: EmulatorHandle;
let bin: string;
beforeAll(async () => {
  emu = await startEmulator();
  const r = await runCli(['secret', 'set', 'REVOKED_KEY_SAW_THIS'], { env: emu.env, input: 'v' });
  expect(r.code, r.stderr).toBe(0);
  bin = join(tempDir(), 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'fibonacci'), `#!/bin/sh\nexec '${CLI_BIN}' "$@"\n`, { mode: 0o755 });
});
afterAll(async () => {
  await emu?.stop();
});

describe('a key the server refuses', () => {
  it('after a 401, neither Node nor the shell offers its names', async () => {
    const made = await runCli(['auth', 'create-key', '--name', 'soon-revoked', '--scope', 'read', '--json'], {
      env: emu.env,
    });
    expect(made.code, made.stderr).toBe(0);
    const { id, key } = JSON.parse(made.stdout) as { id: string; key: string };
    const env = cleanEnv({ ...emu.env, FIBONACCI_API_KEY: key });
    const tab = () => bashComplete('fibonacci secret delete ', { env, pathDir: bin });
    // Warm: both caches hold the name (the shell's file is read without Node on the next TAB).
    expect((await runCli(['__complete', 'secret'], { env })).stdout).toBe('REVOKED_KEY_SAW_THIS\n');
    const sh = join(env.XDG_CACHE_HOME as string, 'fibonacci', 'completion', 'sh');
    expect(readdirSync(sh)).toHaveLength(1);
    expect(tab()).toEqual(['REVOKED_KEY_SAW_THIS']);

    expect((await runCli(['auth', 'revoke-key', id, '--yes'], { env: emu.env })).code).toBe(0);
    // The control: within the TTL, and before any request was refused, the cache still answers.
    expect(tab()).toEqual(['REVOKED_KEY_SAW_THIS']);
    const refused = await runCli(['secret', 'list'], { env });
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(/^error: authentication failed: /);

    expect(existsSync(sh)).toBe(false);
    expect(tab()).toEqual([]);
    expect(await runCli(['__complete', 'secret'], { env })).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});
