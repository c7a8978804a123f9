// A command that makes a request loads one HTTP stack: the undici the bundle carries. Neither the
// undici package from node_modules (111 files to resolve, read and compile on every request) nor
// Node's own built-in copy (evaluated when anything touches fetch, Headers, Request…) may load.
// A preload script (NODE_OPTIONS=--require) writes down, as the process exits, the built-in modules
// Node loaded and every file require() read; the command itself runs as users run it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const PROBE = `'use strict';
const { writeFileSync } = require('node:fs');
const out = process.env.FIB_TEST_LOADED;
process.on('exit', () => {
  writeFileSync(out, JSON.stringify({ builtins: process.moduleLoadList, files: Object.keys(require.cache) }));
});
`;

let emu: EmulatorHandle;
let dir: string;
beforeAll(async () => {
  emu = await startEmulator();
  dir = tempDir('fib-stack-');
  writeFileSync(join(dir, 'probe.cjs'), PROBE);
});
afterAll(async () => {
  await emu?.stop();
});

/** Run the CLI with the probe; what it printed and what it loaded. */
async function loaded(args: string[], input?: string) {
  const out = join(dir, `loaded-${args.join('-')}.json`);
  const r = await runCli(args, {
    env: { ...emu.env, NODE_OPTIONS: `--require ${join(dir, 'probe.cjs')}`, FIB_TEST_LOADED: out },
    ...(input === undefined ? {} : { input }),
  });
  const { builtins, files } = JSON.parse(readFileSync(out, 'utf8')) as {
    builtins: string[];
    files: string[];
  };
  return { ...r, builtins, files };
}

describe('a request command loads one HTTP stack', () => {
  it.each([
    [['auth', 'status']],
    [['secret', 'set', 'STACK_TEST', '--env', 'development'], 'value-from-stdin'],
    [['secret', 'list', '--env', 'development']],
  ] as [string[], string?][])('fibonacci %j', async (args, input) => {
    const r = await loaded(args, input);
    expect(r.code, r.stderr).toBe(0);
    // The request really went out through the bundled client.
    expect(r.builtins).toContain('NativeModule tls');
    expect(r.builtins.filter((m) => m.includes('undici'))).toEqual([]);
    expect(r.files.filter((f) => /[\\/]node_modules[\\/]undici[\\/]/.test(f))).toEqual([]);
  });
});
