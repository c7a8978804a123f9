// A request command that succeeds formats no error's stack trace. Formatting one whose frames are in
// the bundle makes V8 compute the line table of all of dist/cli.cjs (about 17M instructions, 1.6 ms):
// closing undici's dispatcher did it at the end of every request, through the ClientDestroyedError
// Node's stream destroy reads the stack of (scripts/esbuild-common.mjs, undiciPlainDestroyStack).
// A preload script (NODE_OPTIONS=--require) writes down each error whose stack was formatted; the
// command itself runs as users run it. The file it writes at exit must be there: a probe that never
// ran fails the test rather than passing it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const PROBE = `'use strict';
const { writeFileSync } = require('node:fs');
const formatted = [];
Error.prepareStackTrace = (err, frames) => {
  formatted.push(String(err && err.name) + ': ' + String(err && err.message));
  return String(err) + frames.map((f) => '\\n    at ' + f).join('');
};
process.on('exit', () => writeFileSync(process.env.FIB_TEST_STACKS, JSON.stringify(formatted)));
`;

let emu: EmulatorHandle;
let dir: string;
beforeAll(async () => {
  emu = await startEmulator();
  dir = tempDir('fib-stacks-');
  writeFileSync(join(dir, 'probe.cjs'), PROBE);
});
afterAll(async () => {
  await emu?.stop();
});

/** Run the CLI with the probe: its exit code, stderr and the errors whose stacks were formatted. */
async function stacks(args: string[], input?: string) {
  const out = join(dir, `stacks-${args.join('-')}.json`);
  const r = await runCli(args, {
    env: { ...emu.env, NODE_OPTIONS: `--require ${join(dir, 'probe.cjs')}`, FIB_TEST_STACKS: out },
    ...(input === undefined ? {} : { input }),
  });
  return { ...r, formatted: JSON.parse(readFileSync(out, 'utf8')) as string[] };
}

describe('a request command that succeeds formats no stack trace', () => {
  it.each([
    [['secret', 'list', '--env', 'development'], undefined],
    [['auth', 'status'], undefined],
    [['secret', 'set', 'STACKS_PROBE', '--env', 'development'], 'probe-value'],
  ])('fibonacci %j', async (args, input) => {
    const r = await stacks(args, input);
    expect(r.code, r.stderr).toBe(0);
    expect(r.formatted).toEqual([]);
  });
});
