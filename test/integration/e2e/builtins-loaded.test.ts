// Built-in modules a command does not use are not loaded: node:http2 (undici's HTTP/2 client, never
// negotiated) for a request, node:v8 for a command that sets no V8 flag (src/lib/runtime.ts), and for
// a request node:perf_hooks (the `performance` global loads it), node:fs/promises (readline with
// it), Node's HTTP stack and node:assert. Each costs every start 0.3-2 ms of CPU. A preload script
// (NODE_OPTIONS=--require) writes down, as the process exits, the built-ins Node loaded; the
// command itself runs as users run it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const PROBE = `'use strict';
const { writeFileSync } = require('node:fs');
const out = process.env.FIB_TEST_LOADED;
process.on('exit', () => writeFileSync(out, JSON.stringify(process.moduleLoadList)));
`;

let emu: EmulatorHandle;
let dir: string;
beforeAll(async () => {
  emu = await startEmulator();
  dir = tempDir('fib-builtins-');
  writeFileSync(join(dir, 'probe.cjs'), PROBE);
});
afterAll(async () => {
  await emu?.stop();
});

/** Run the CLI with the probe: its exit code, stderr and the built-in modules it loaded. */
async function loaded(args: string[]) {
  const out = join(dir, `loaded-${args.join('-')}.json`);
  const r = await runCli(args, {
    env: { ...emu.env, NODE_OPTIONS: `--require ${join(dir, 'probe.cjs')}`, FIB_TEST_LOADED: out },
  });
  const modules = JSON.parse(readFileSync(out, 'utf8')) as string[];
  return { ...r, builtins: modules.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)) };
}

describe('built-in modules a command does not use stay unloaded', () => {
  it.each([[['auth', 'status']], [['secret', 'list', '--env', 'development']]])(
    'fibonacci %j: TLS, not HTTP/2; node:v8 for its --liftoff-only',
    async (args) => {
      const r = await loaded(args);
      expect(r.code, r.stderr).toBe(0);
      expect(r.builtins).toContain('tls');
      expect(r.builtins).toContain('v8');
      expect(r.builtins.filter((m) => m.includes('http2'))).toEqual([]);
      // client.ts times a request with process.hrtime, bounded-read.ts opens through fs.promises.
      expect(
        r.builtins.filter((m) => /^(perf_hooks|internal\/fs\/promises|internal\/readline\/)/.test(m)),
      ).toEqual([]);
      // undici's node:http (a class and a default) and node:assert are required where they are used
      // (scripts/esbuild-common.mjs, undiciLazyHttpAssert); retry.ts reads STATUS_CODES on a retry.
      expect(r.builtins.filter((m) => /^(_?http|internal\/http|assert|internal\/assert\/)/.test(m))).toEqual(
        [],
      );
    },
  );

  it.each([[['--help']], [['completion', 'bash']], [['secret', '--help']]])(
    'fibonacci %j: no node:v8 (no flag to set)',
    async (args) => {
      const r = await loaded(args);
      expect(r.code, r.stderr).toBe(0);
      expect(r.builtins.filter((m) => m === 'v8' || m.startsWith('internal/heap_utils'))).toEqual([]);
    },
  );
});
