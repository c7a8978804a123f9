// A request command whose key is in the Linux keychain reads it over D-Bus with dbus-native's
// bus.invoke() alone (src/lib/secret-service.ts), and never introspects an object: the XML parser
// behind introspection (xml2js, with sax and xmlbuilder) is required the first time one is, not
// when dbus-native loads (scripts/esbuild-common.mjs, dbusNativeLazyIntrospect). It was compiled
// and evaluated at every keychain read: about 20M instructions of `secret list`.
// sax reads String.fromCodePoint as it loads (to polyfill it); nothing else on this path does, so
// a preload script (NODE_OPTIONS=--require) that counts the reads tells whether sax was loaded.
// dbus-native reads 64-bit integers with long.js, whose UMD build compiled a WebAssembly module as
// it loaded (long-without-wasm): the probe also writes down the size of every WebAssembly module
// made, and the only one a request makes is undici's HTTP parser (tens of KB; long.js's, 286 bytes).
// The file it writes at exit must be there: a probe that never ran fails the test.
// Runs inside scripts/with-secret-service.sh (a private D-Bus session and a throw-away keyring).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { secretServiceSession } from '../../helpers/prerequisites.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const PROBE = `'use strict';
const { writeFileSync } = require('node:fs');
let reads = 0;
const wasm = [];
const Module = WebAssembly.Module;
function Counted(bytes, ...rest) {
  wasm.push(bytes.byteLength);
  return new Module(bytes, ...rest);
}
Counted.prototype = Module.prototype;
WebAssembly.Module = Counted;
const fromCodePoint = String.fromCodePoint;
Object.defineProperty(String, 'fromCodePoint', {
  configurable: true,
  get() {
    reads++;
    return fromCodePoint;
  },
});
process.on('exit', () => writeFileSync(process.env.FIB_TEST_PROBE, JSON.stringify({ reads, wasm })));
`;

describe.skipIf(!secretServiceSession())('a request command with its key in the keychain', () => {
  let emu: EmulatorHandle;
  let dir: string;
  beforeAll(async () => {
    emu = await startEmulator();
    dir = tempDir('fib-keychain-startup-');
    writeFileSync(join(dir, 'probe.cjs'), PROBE);
  });
  afterAll(async () => {
    await emu?.stop();
  });

  const env = () => ({
    FIBONACCI_BASE_URL: emu.url,
    FIBONACCI_CA_CERT: emu.caCertPath,
    XDG_CONFIG_HOME: join(dir, 'config'),
    DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS ?? '',
    XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '',
  });

  it("`secret list` reads the key and lists, with no XML parser and no WebAssembly but undici's", async () => {
    const login = await runCli(['auth', 'login', '--with-token'], { env: env(), input: `${emu.ownerKey}\n` });
    expect(login.code, login.stderr).toBe(0);
    const set = await runCli(['secret', 'set', 'KEYCHAIN_STARTUP', '--env', 'development'], {
      env: env(),
      input: 'probe-value',
    });
    expect(set.code, set.stderr).toBe(0);

    const out = join(dir, 'probe.json');
    const r = await runCli(['secret', 'list', '--env', 'development'], {
      env: { ...env(), NODE_OPTIONS: `--require ${join(dir, 'probe.cjs')}`, FIB_TEST_PROBE: out },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('KEYCHAIN_STARTUP');
    const seen = JSON.parse(readFileSync(out, 'utf8')) as { reads: number; wasm: number[] };
    expect(seen.reads).toBe(0);
    expect(seen.wasm).toHaveLength(1);
    expect(seen.wasm[0]).toBeGreaterThan(10_000);

    const logout = await runCli(['auth', 'logout'], { env: env() });
    expect(logout.code, logout.stderr).toBe(0);
  });
});
