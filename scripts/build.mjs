// Bundle the CLI with esbuild into one CommonJS file, dist/cli.cjs.
// Why CommonJS: on Node 20 the ESM loader alone costs ~30 ms at start-up, more than the whole
// budget for `--version`. Code reached only through `await import()` is wrapped lazily by esbuild,
// and heavy packages stay external (required from node_modules only when a command runs), so
// `--version` and `--help` evaluate commander and the command declarations, nothing else.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { build } from 'esbuild';
import { isAscii } from './ascii-output.mjs';
import { NPM_BUNDLE_OPTIONS } from './esbuild-common.mjs';
import { spawnEmulator } from './spawn-emulator.mjs';

// Build beside and rename into place, so a CLI started during a rebuild never sees a missing
// or half-written bundle.
const tmp = `dist/.build-${process.pid}`;
mkdirSync(tmp, { recursive: true });
// This build's id, last in the bundle and in its static outputs' table (dist/cli.static): bin/ prints
// from the table only beside the bundle it was made from.
const buildId = randomUUID();
await build({
  ...NPM_BUNDLE_OPTIONS,
  outfile: `${tmp}/cli.cjs`,
  footer: { js: `// build ${buildId}` },
  // dist/cli.cjs.map, for --debug's stack traces (bin/fibonacci.cjs turns source maps on only
  // then). Names and lines only: the sources themselves stay out of the package.
  sourcemap: 'linked',
  sourcesContent: false,
});
// One non-ASCII character would make every start decode the bundle as two-byte text (ascii-output.mjs).
if (!isAscii(`${tmp}/cli.cjs`)) throw new Error('dist/cli.cjs is not ASCII only (scripts/ascii-output.mjs)');
// The map's sources are relative to where it was written (one level down): make them relative to
// dist/, where it goes. Then the map first: a bundle is beside an older map for one rename at most.
const map = JSON.parse(readFileSync(`${tmp}/cli.cjs.map`, 'utf8'));
map.sources = map.sources.map((s) => relative('dist', resolve(tmp, s)).split(sep).join('/'));
writeFileSync(`${tmp}/cli.cjs.map`, JSON.stringify(map));
renameSync(`${tmp}/cli.cjs.map`, 'dist/cli.cjs.map');
rmSync('dist/cli.static', { force: true });
renameSync(`${tmp}/cli.cjs`, 'dist/cli.cjs');
rmSync(tmp, { recursive: true, force: true });
// The help texts and completion scripts, from the bundle just built (scripts/static-table.cjs).
const table = spawnSync(process.execPath, ['scripts/static-table.cjs', buildId], { encoding: 'utf8' });
if (table.status !== 0) throw new Error(`writing dist/cli.static failed: ${table.stderr.trim()}`);
// V8's code caches for start-up (see bin/fibonacci.cjs and scripts/code-cache.cjs); only Node 20
// lacks a built-in one. The request cache is written from a `secret list` against a throw-away
// emulator (the bundle just built), with a key of its own and no user configuration.
for (const f of ['dist/cli.cjs.cache', 'dist/cli.cjs.request.cache']) rmSync(f, { force: true });
if (Number(process.versions.node.split('.')[0]) < 22) {
  const cache = (args, env = process.env) => {
    const r = spawnSync(process.execPath, ['scripts/code-cache.cjs', ...args], { env, encoding: 'utf8' });
    if (r.status !== 0)
      throw new Error(`writing the code cache (${args.join(' ')}) failed: ${r.stderr.trim()}`);
  };
  cache(['start', '--help']);
  const dir = mkdtempSync(join(tmpdir(), 'fib-build-cache-'));
  const emu = await spawnEmulator(join(dir, 'data'), {
    env: { ...process.env, XDG_CONFIG_HOME: join(dir, 'config') },
  });
  try {
    cache(['request', 'secret', 'list'], {
      PATH: process.env.PATH,
      HOME: dir,
      XDG_CONFIG_HOME: join(dir, 'config'),
      FIBONACCI_BASE_URL: emu.url,
      FIBONACCI_CA_CERT: emu.ca,
      FIBONACCI_API_KEY: readFileSync(join(dir, 'data', 'owner-key'), 'utf8').trim(),
    });
  } finally {
    emu.child.kill('SIGTERM');
    await new Promise((r) => emu.child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
  // V8 rejects a cache made under other V8 flags without a word, and every start then compiles the
  // bundle again: a V8 flag set during a run above would do it. Check each as bin/ will use it.
  for (const f of ['dist/cli.cjs.cache', 'dist/cli.cjs.request.cache']) {
    const check = spawnSync(process.execPath, ['scripts/code-cache.cjs', '--check', f], { encoding: 'utf8' });
    if (check.status !== 0) throw new Error(`the code cache is unusable: ${check.stderr.trim()}`);
  }
}
