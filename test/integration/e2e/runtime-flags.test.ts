// The V8 flags of src/lib/runtime.ts, seen from the built CLI: which ones each command runs with,
// and when. V8 checks Node's code cache of its built-in modules against a hash of its flags, so a
// flag set too early makes every later built-in compile from source (undici's tls and crypto:
// 20 ms more per command); a flag set during --help would spoil the bundle's own code cache, which
// the build writes from a --help run. Only the export sets one early, on purpose.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { REPO_ROOT } from '../../helpers/repo.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const PROBE = join(REPO_ROOT, 'test', 'integration', 'e2e', 'fixtures', 'v8-flag-probe.cjs');

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await emu?.stop();
});

/** Run the CLI with the probe; its exit code, and the flags and late built-ins it recorded. */
async function probed(args: string[], env: Record<string, string> = {}) {
  const out = join(tempDir('fib-probe-'), 'probe.json');
  const r = await runCli(args, {
    env: { ...env, NODE_OPTIONS: `--require ${PROBE}`, FIB_V8_PROBE_OUT: out },
  });
  const seen = JSON.parse(readFileSync(out, 'utf8')) as {
    flags: string[];
    builtInsAfter: string[];
    cacheFlags: string[];
    builtInsDuringCache: string[];
  };
  return { code: r.code, stderr: r.stderr, ...seen };
}

const NODE20 = Number(process.versions.node.split('.')[0]) < 22;

describe('V8 flags, as the built CLI sets them (e2e)', () => {
  it('a command that calls the API: --liftoff-only, set after every built-in module it loads', async () => {
    for (const args of [
      ['secret', 'list'],
      ['auth', 'status'],
    ]) {
      const r = await probed(args, emu.env);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.flags, args.join(' ')).toEqual(['--liftoff-only']);
      expect(r.builtInsAfter, args.join(' ')).toEqual([]);
    }
  });

  it('audit export: its young generation flags before the client loads, then --liftoff-only', async () => {
    const dir = tempDir('fib-probe-export-');
    const r = await probed(
      ['audit', 'export', '--format', 'ndjson', '--output', join(dir, 'a.ndjson')],
      emu.env,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.flags).toEqual(['--semi-space-growth-factor=1', '--minor-gc-task-trigger=15', '--liftoff-only']);
    // Early on purpose (runtime.ts): loading undici would grow the young generation first.
    expect(r.builtInsAfter).toEqual(expect.arrayContaining(['tls']));
  });

  it('security check: its young and old generation flags when its action starts, no connection', async () => {
    const dir = tempDir('fib-probe-scan-');
    const r = await probed(['security', 'check', dir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    // The old generation kept near what is live (runtime.ts): without it, a long scan's peak grew.
    expect(r.flags).toEqual(['--semi-space-growth-factor=1', '--heap-growing-percent=50']);
  });

  // bin/fibonacci.cjs, Node 20: V8 checks the code cache's checksum under a flag that is off again
  // before anything else loads (a damaged cache is rejected, not run: code-cache-trust.test.ts).
  it('the code cache is read under --verify-snapshot-checksum, off again at once (Node 20)', async () => {
    for (const args of [['secret', 'list'], ['--version']]) {
      const r = await probed(args, emu.env);
      expect(r.code, r.stderr).toBe(0);
      expect(r.cacheFlags, args.join(' ')).toEqual(
        NODE20 ? ['--verify-snapshot-checksum', '--no-verify-snapshot-checksum'] : [],
      );
      expect(r.builtInsDuringCache, args.join(' ')).toEqual([]);
    }
  });

  it('--help, --version and a command that never connects: no flag at all', async () => {
    for (const args of [['--help'], ['secret', '--help'], ['--version'], ['completion', 'bash']]) {
      const r = await probed(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.flags, args.join(' ')).toEqual([]);
    }
  });
});
