// A path in a message is repeated unless it holds a credential-looking run, then it is given by its
// length, as every refused path is (6be0d26). The config file's messages, the audit export's lock
// and temporary files and its summary printed such a path whole (PATHSHOWN): a token pasted into
// XDG_CONFIG_HOME or --output went to the terminal's scrollback and the CI log. The built CLI.

import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const TOKEN = 'ghp_Xk9mQ2vL8pR4tZ7wYc3nB6';
const shown = (path: string) => `(${[...path].length} characters, not repeated here)`;
let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
}, 90_000);
afterAll(stopAllEmulators);

describe('a token-shaped path is given by its length', () => {
  it('config.json: invalid JSON, an unknown field', async () => {
    const home = join(tempDir('fib-paths-'), TOKEN);
    const file = join(home, 'fibonacci', 'config.json');
    mkdirSync(join(home, 'fibonacci'), { recursive: true, mode: 0o700 });
    writeFileSync(file, '{bad', { mode: 0o600 });
    const bad = await runCli(['secret', 'list'], { env: { ...emu.env, XDG_CONFIG_HOME: home } });
    expect([bad.code, bad.stdout, bad.stderr]).toEqual([
      3,
      '',
      `error: config file ${shown(file)} is not valid JSON (line 1, column 2: unexpected character)\nhint: fix or remove the file\n`,
    ]);
    writeFileSync(file, JSON.stringify({ [TOKEN]: 1 }));
    const field = await runCli(['secret', 'list'], { env: { ...emu.env, XDG_CONFIG_HOME: home } });
    expect(field.code).toBe(3);
    expect(field.stderr).toMatch(
      /^error: config file \(\d+ characters, not repeated here\) has an unknown field \(\d+ characters/,
    );
    expect(field.stderr).not.toContain('ghp_');
  });

  it('audit export: the lock held, a lock that is a directory, the summary', async () => {
    const dir = tempDir('fib-paths-');
    const output = join(dir, `${TOKEN}.ndjson`);
    const args = ['audit', 'export', '--format', 'ndjson', '--output', output];
    // Held by a live process of this host: this test's parent (vitest), never the CLI itself.
    const holder = { pid: process.ppid, host: hostname(), started_at: new Date().toISOString() };
    writeFileSync(`${output}.lock`, JSON.stringify(holder));
    const held = await runCli(args, { env: emu.env });
    expect(held.code).toBe(3);
    expect(held.stderr).toContain(`error: another export to ${shown(output)} is running (pid ${holder.pid}`);
    expect(held.stderr).toContain(
      `hint: wait for it to finish; if no export is running, remove ${shown(`${output}.lock`)}\n`,
    );

    const other = join(dir, `${TOKEN}.json`);
    mkdirSync(`${other}.lock`);
    const notFile = await runCli(['audit', 'export', '--format', 'json', '--output', other], {
      env: emu.env,
    });
    expect([notFile.code, notFile.stderr]).toEqual([
      3,
      `error: ${shown(`${other}.lock`)} is a directory: refusing to write there\n` +
        `hint: no export leaves anything but a file there: remove ${shown(`${other}.lock`)} if you know what it is\n`,
    ]);

    const done = join(dir, `${TOKEN}.csv`);
    const ok = await runCli(['audit', 'export', '--format', 'csv', '--output', done], { env: emu.env });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toMatch(
      new RegExp(`^Exported \\d+ events to \\(${[...done].length} characters, not repeated here\\)\n$`),
    );
  });

  it('a plain path is still repeated whole', async () => {
    const dir = tempDir('fib-paths-');
    const output = join(dir, 'audit.json');
    mkdirSync(`${output}.lock`);
    const r = await runCli(['audit', 'export', '--format', 'json', '--output', output], { env: emu.env });
    expect(r.stderr).toBe(
      `error: ${output}.lock is a directory: refusing to write there\n` +
        `hint: no export leaves anything but a file there: remove ${output}.lock if you know what it is\n`,
    );
  });
});
