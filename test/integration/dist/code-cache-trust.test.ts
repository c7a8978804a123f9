// On Node 20, bin/fibonacci.cjs compiles the bundle from a V8 code cache beside it. V8 matches a
// cache to its source by length alone and then runs the cache's compiled code: so a cache from
// another build of the same length, or one written by someone who may not write the bundle, would
// run as this CLI, with the key it holds. The loader takes a cache only when it is a regular file of
// the bundle's owner (or root) no one else may write, of bounded size, not older than the bundle,
// and headed by this bundle's build id; any other is ignored and the bundle compiles from source.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  cpSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/repo.js';
import { tempDir } from '../../helpers/temp-dir.js';

const NODE20 = Number(process.versions.node.split('.')[0]) < 22;
const VERSION = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version as string;
// Same length as VERSION: V8 cannot tell the two bundles apart by their source.
const OTHER = VERSION.replace(/\d/g, '9');

/** A copy of the installed CLI (bin/, dist/, package.json; node_modules linked), times kept. */
function install(root: string, name: string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const part of ['bin', 'dist', 'package.json'])
    cpSync(join(REPO_ROOT, part), join(dir, part), { recursive: true, preserveTimestamps: true });
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** Another build of the same length that reports OTHER as its version; its own code cache written. */
function otherBuild(root: string, { sameId }: { sameId: boolean }): string {
  const dir = install(root, sameId ? 'edited' : 'other');
  const bundle = join(dir, 'dist', 'cli.cjs');
  let text = readFileSync(bundle, 'latin1').replace(`VERSION="${VERSION}"`, `VERSION="${OTHER}"`);
  if (!sameId) text = text.replace(/\/\/ build [0-9a-f]{8}/, '// build 00000000');
  writeFileSync(bundle, text, 'latin1');
  mkdirSync(join(dir, 'scripts'));
  copyFileSync(join(REPO_ROOT, 'scripts', 'code-cache.cjs'), join(dir, 'scripts', 'code-cache.cjs'));
  const r = spawnSync(process.execPath, [join(dir, 'scripts', 'code-cache.cjs'), 'start', '--version'], {
    encoding: 'utf8',
  });
  expect({ code: r.status, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  return join(dir, 'dist', 'cli.cjs.cache');
}

function run(dir: string, args: string[]) {
  const r = spawnSync(process.execPath, [join(dir, 'bin', 'fibonacci.cjs'), ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: dir, XDG_CONFIG_HOME: join(dir, 'config') },
    // Only against a hang (a FIFO read forever): never a bound on speed.
    timeout: 60_000,
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

const ran = (version: string) => ({ code: 0, signal: null, stdout: `${version}\n`, stderr: '' });

describe.skipIf(!NODE20)('the Node 20 code cache beside the bundle', () => {
  it('the control: a cache of another same-length build runs its code where it was made', () => {
    const root = tempDir();
    otherBuild(root, { sameId: false });
    expect(run(join(root, 'other'), ['--version'])).toEqual(ran(OTHER));
  });

  it('a cache of another build of the same length is not run: the bundle is', () => {
    const root = tempDir();
    const planted = otherBuild(root, { sameId: false });
    const victim = install(root, 'victim');
    copyFileSync(planted, join(victim, 'dist', 'cli.cjs.cache'));
    expect(run(victim, ['--version'])).toEqual(ran(VERSION));
  });

  it('a bundle changed after its cache was written runs as changed, not as the cache', () => {
    const root = tempDir();
    const edited = install(root, 'edited');
    const bundle = join(edited, 'dist', 'cli.cjs');
    writeFileSync(
      bundle,
      readFileSync(bundle, 'latin1').replace(`VERSION="${VERSION}"`, `VERSION="${OTHER}"`),
      'latin1',
    );
    expect(run(edited, ['--version'])).toEqual(ran(OTHER));
  });

  it('a cache others may write, even one headed by this build, is not run', () => {
    const root = tempDir();
    const planted = otherBuild(root, { sameId: true });
    const victim = install(root, 'victim');
    const cache = join(victim, 'dist', 'cli.cjs.cache');
    copyFileSync(planted, cache);
    chmodSync(cache, 0o666);
    expect(run(victim, ['--version'])).toEqual(ran(VERSION));
    chmodSync(cache, 0o644);
    if (process.getuid?.() !== 0) return; // chown needs root (CI runs as root)
    chownSync(cache, 65534, 65534);
    expect(run(victim, ['--version'])).toEqual(ran(VERSION));
  });

  // Hostile pass 14 (H14b-1): a cache whose body was damaged in place (a bad disk, a partial copy)
  // kept its header, owner and mode, and V8 ran it: every command died of SIGSEGV.
  it('a cache damaged inside, header intact, costs a compile, not a crash', () => {
    const root = tempDir();
    const victim = install(root, 'victim');
    for (const name of ['cli.cjs.cache', 'cli.cjs.request.cache']) {
      const cache = join(victim, 'dist', name);
      const bytes = readFileSync(cache);
      for (let i = 4096; i < bytes.length; i += 997) bytes[i] = (bytes[i] as number) ^ 0xff;
      writeFileSync(cache, bytes);
    }
    expect(run(victim, ['--version'])).toEqual(ran(VERSION));
    const status = run(victim, ['auth', 'status']);
    expect({ signal: status.signal, code: status.code, stderr: status.stderr }).toEqual({
      signal: null,
      code: 4,
      stderr: expect.stringMatching(/^error: /),
    });
  });

  it.each([
    ['a link to /dev/zero', (f: string) => symlinkSync('/dev/zero', f)],
    ['a FIFO', (f: string) => spawnSync('mkfifo', [f])],
    ['a directory', (f: string) => mkdirSync(f)],
  ])('%s in its place is ignored: no hang, no unbounded read', (_what, plant) => {
    const root = tempDir();
    const victim = install(root, 'victim');
    for (const name of ['cli.cjs.cache', 'cli.cjs.request.cache']) {
      rmSync(join(victim, 'dist', name), { force: true });
      plant(join(victim, 'dist', name));
    }
    expect(run(victim, ['--version'])).toEqual(ran(VERSION));
    // A request command reads the request cache first; with no key it stops at its first error.
    const status = run(victim, ['auth', 'status']);
    expect({ signal: status.signal, stderr: status.stderr }).toEqual({
      signal: null,
      stderr: expect.stringMatching(/^error: /),
    });
  });
});
