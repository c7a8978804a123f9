// Bundle the CLI with esbuild into one CommonJS file, dist/cli.cjs.
// Why CommonJS: on Node 20 the ESM loader alone costs ~30 ms at start-up, more than the whole
// budget for `--version`. Code reached only through `await import()` is wrapped lazily by esbuild,
// and heavy packages stay external (required from node_modules only when a command runs), so
// `--version` and `--help` evaluate commander and the command declarations, nothing else.
import { spawnSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { build } from 'esbuild';
import { NPM_BUNDLE_OPTIONS } from './esbuild-common.mjs';

// Build beside and rename into place, so a CLI started during a rebuild never sees a missing
// or half-written bundle.
const tmp = `dist/.build-${process.pid}`;
mkdirSync(tmp, { recursive: true });
await build({ ...NPM_BUNDLE_OPTIONS, outfile: `${tmp}/cli.cjs` });
renameSync(`${tmp}/cli.cjs`, 'dist/cli.cjs');
rmSync(tmp, { recursive: true, force: true });
// V8's code cache for start-up (see bin/fibonacci.cjs); only Node 20 lacks a built-in one.
rmSync('dist/cli.cjs.cache', { force: true });
if (Number(process.versions.node.split('.')[0]) < 22) {
  const r = spawnSync(process.execPath, ['scripts/code-cache.cjs', '--help'], { stdio: 'ignore' });
  if (r.status !== 0) throw new Error('writing the code cache failed');
  // V8 rejects a cache made under other V8 flags without a word, and every start then compiles the
  // bundle again: a V8 flag set during the --help run above would do it. Check it as bin/ will use it.
  const check = spawnSync(process.execPath, ['scripts/code-cache.cjs', '--check'], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`the code cache is unusable: ${check.stderr.trim()}`);
}
