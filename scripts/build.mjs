// Bundle the CLI with esbuild into one CommonJS file, dist/cli.cjs.
// Why CommonJS: on Node 20 the ESM loader alone costs ~30 ms at start-up, more than the whole
// budget for `--version`. Code reached only through `await import()` is wrapped lazily by esbuild,
// and heavy packages stay external (required from node_modules only when a command runs), so
// `--version` and `--help` evaluate commander and the command declarations, nothing else.
import { spawnSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { build } from 'esbuild';
import { COMMON_OPTIONS, lazyChildProcess, typeboxCheckOnly, undiciSlim } from './esbuild-common.mjs';

/** Packages loaded from node_modules at run time: native addons, optional SDKs, and heavy libraries. */
const EXTERNAL = [
  '@napi-rs/keyring',
  'better-sqlite3',
  '@aws-sdk/*',
  'fastify',
  '@fastify/*',
  'selfsigned',
  '@peculiar/*',
  '@inquirer/prompts',
  // `security check` only: a YAML parser and a JSON Schema compiler, required when it runs.
  'yaml',
  'js-yaml',
  'ajv',
  'ajv/*',
  'ajv-formats',
];

// Build beside and rename into place, so a CLI started during a rebuild never sees a missing
// or half-written bundle.
const tmp = `dist/.build-${process.pid}`;
mkdirSync(tmp, { recursive: true });
await build({
  entryPoints: ['src/main.ts'],
  outfile: `${tmp}/cli.cjs`,
  ...COMMON_OPTIONS,
  target: 'node20.18',
  external: EXTERNAL,
  plugins: [lazyChildProcess, typeboxCheckOnly, undiciSlim],
  // Every external is requirable on Node 20, and a real import() would not survive V8's code cache
  // in bin/fibonacci.cjs (vm.Script): let esbuild turn import() into require().
  supported: { 'dynamic-import': false },
});
renameSync(`${tmp}/cli.cjs`, 'dist/cli.cjs');
rmSync(tmp, { recursive: true, force: true });
// V8's code cache for start-up (see bin/fibonacci.cjs); only Node 20 lacks a built-in one.
rmSync('dist/cli.cjs.cache', { force: true });
if (Number(process.versions.node.split('.')[0]) < 22) {
  const r = spawnSync(process.execPath, ['scripts/code-cache.cjs', '--help'], { stdio: 'ignore' });
  if (r.status !== 0) throw new Error('writing the code cache failed');
}
