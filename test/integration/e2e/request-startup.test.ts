// Work a request command that succeeds does not need, kept out of it (scripts/esbuild-common.mjs):
// - no error's stack trace is formatted. Formatting one whose frames are in the bundle makes V8
//   compute the line table of all of dist/cli.cjs (about 17M instructions, 1.6 ms): closing undici's
//   dispatcher did it at the end of every request, through the ClientDestroyedError Node's stream
//   destroy reads the stack of (undiciPlainDestroyStack);
// - jsonc-parser is not evaluated (lazyJsoncParser): config.json's reader imports the JSON error
//   placer, and jsonc-parser's load builds 1,220 indentation strings with String#repeat (~4M).
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
let repeats = 0;
const repeat = String.prototype.repeat;
String.prototype.repeat = function (count) {
  repeats++;
  return repeat.call(this, count);
};
Error.prepareStackTrace = (err, frames) => {
  formatted.push(String(err && err.name) + ': ' + String(err && err.message));
  return String(err) + frames.map((f) => '\\n    at ' + f).join('');
};
process.on('exit', () => writeFileSync(process.env.FIB_TEST_STACKS, JSON.stringify({ formatted, repeats })));
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

/** Run the CLI with the probe: its exit code, stderr, the errors whose stacks were formatted, and
 * how many times String#repeat was called. */
async function stacks(args: string[], input?: string) {
  const out = join(dir, `stacks-${args.join('-')}.json`);
  const r = await runCli(args, {
    env: { ...emu.env, NODE_OPTIONS: `--require ${join(dir, 'probe.cjs')}`, FIB_TEST_STACKS: out },
    ...(input === undefined ? {} : { input }),
  });
  const seen = JSON.parse(readFileSync(out, 'utf8')) as { formatted: string[]; repeats: number };
  return { ...r, ...seen };
}

describe('a request command that succeeds: no stack trace formatted, no jsonc-parser loaded', () => {
  it.each([
    [['secret', 'list', '--env', 'development'], undefined],
    [['auth', 'status'], undefined],
    [['secret', 'set', 'STACKS_PROBE', '--env', 'development'], 'probe-value'],
  ])('fibonacci %j', async (args, input) => {
    const r = await stacks(args, input);
    expect(r.code, r.stderr).toBe(0);
    expect(r.formatted).toEqual([]);
    // The CLI's own padding calls it a few times; jsonc-parser's load alone, 1,220 times.
    expect(r.repeats).toBeLessThan(100);
  });
});
