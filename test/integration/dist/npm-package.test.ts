// The npm package: only what runs is packed; installed with `npm install -g --prefix` it runs.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { REPO_ROOT } from '../../helpers/repo.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { runBin } from './run-bin.js';

interface Packed {
  filename: string;
  size: number;
  unpackedSize: number;
  files: Array<{ path: string }>;
}

// `npx vitest` puts npm_config_* settings of its own run into the environment; a nested npm must not
// inherit them (they would point its prefix and cache elsewhere).
function npmEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
}

let packed: Packed;
let prefix: string;
let emu: EmulatorHandle;

beforeAll(async () => {
  const dest = tempDir('fib-pack-');
  const json = execFileSync('npm', ['pack', '--json', '--pack-destination', dest], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  packed = (JSON.parse(json) as Packed[])[0] as Packed;
  console.info(
    `npm pack: ${packed.filename} ${(packed.size / 1024).toFixed(0)} KiB packed, ${(packed.unpackedSize / 1024).toFixed(0)} KiB unpacked`,
  );
  prefix = tempDir('fib-prefix-');
  // Dependencies come from the npm cache where it has them. No install scripts: nothing here needs
  // better-sqlite3 built (the emulator used below is the repository's own build).
  execFileSync(
    'npm',
    [
      'install',
      '-g',
      '--prefix',
      prefix,
      join(dest, packed.filename),
      '--prefer-offline',
      '--ignore-scripts',
      '--omit=optional',
      '--no-audit',
      '--no-fund',
    ],
    { cwd: dest, stdio: ['ignore', 'ignore', 'pipe'], env: npmEnv() },
  );
  emu = await startEmulator();
}, 300_000);
afterAll(async () => {
  await emu?.stop();
});

const bin = () => join(prefix, 'bin', 'fibonacci');

describe('npm package', () => {
  it('packs only the bundle, the bin shim, completions, the man page, README and LICENSE', () => {
    expect(packed.files.map((f) => f.path).sort()).toEqual([
      'LICENSE',
      'README.md',
      'bin/fibonacci.cjs',
      'completions/_fibonacci',
      'completions/fibonacci.bash',
      'completions/fibonacci.fish',
      'completions/fibonacci.ps1',
      'dist/cli.cjs',
      // V8's code cache for start-up: written by builds on Node 20 only (Node 22+ has its own).
      ...(Number(process.versions.node.split('.')[0]) < 22 ? ['dist/cli.cjs.cache'] : []),
      // Read only under --debug, so its stack traces name src/ lines.
      'dist/cli.cjs.map',
      // The code cache for a command that makes a request (undici and the client compiled in).
      ...(Number(process.versions.node.split('.')[0]) < 22 ? ['dist/cli.cjs.request.cache'] : []),
      // Every command's help and the completion scripts, printed by bin/ without the bundle.
      'dist/cli.static',
      'man/fibonacci.1',
      // Exact dependency versions for `npm install -g`, as tested (a global install ignores lockfiles).
      'npm-shrinkwrap.json',
      'package.json',
    ]);
    // About 1.5 MiB packed on Node 20 (1,575,441 bytes on 2026-12-02; the request cache about 390 KB
    // of it, on Node 20 builds only): a bound that catches a dependency or a data file bundled by
    // mistake (each a jump of hundreds of KB), not the growth of the commands themselves.
    expect(packed.size).toBeLessThan(1.75 * 1024 * 1024);
  });

  it('installed: fibonacci --version', async () => {
    const version = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string })
      .version;
    expect(await runBin(bin(), ['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('installed: fibonacci completion bash prints the packed script', async () => {
    const r = await runBin(bin(), ['completion', 'bash']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      readFileSync(
        join(prefix, 'lib', 'node_modules', 'fibonacci-cli', 'completions', 'fibonacci.bash'),
        'utf8',
      ),
    );
  });

  it('installed: auth status against the emulator', async () => {
    const r = await runBin(bin(), ['auth', 'status', '--json'], { env: emu.env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ api_url: emu.url, source: 'environment', role: 'owner' });
  });
});
