#!/usr/bin/env -S node --
// `node --` so that Node 20 does not read our own `--env-file` flag (secret set, emulator start)
// as its own and exit 9 when the file is missing.
// CommonJS on purpose: Node's ESM loader would cost more start-up time than the whole command.
// Start-up is most of a short command's time, so the bundle is compiled from V8's code cache:
// Node 22+ keeps its own (module.enableCompileCache), in a directory of this user's only; on Node 20
// we use a cache that `npm run build` wrote beside the bundle when it matches this V8, and compile
// normally otherwise.
'use strict';
const Module = require('node:module');
const path = require('node:path');

const file = path.join(__dirname, '..', 'dist', 'cli.cjs');
// --debug's stack traces point at src/ lines through dist/cli.cjs.map. Node reads the map when it
// compiles the bundle, through require() only: so under --debug (main.ts's rule for it) source maps
// are turned on first and the bundle is required, and every other start costs nothing more.
const debug = process.argv.includes('--debug') || /^(?!0$|false$).+/i.test(process.env.FIBONACCI_DEBUG || '');
if (debug) {
  process.setSourceMapsEnabled(true);
  require(file).main();
} else if (typeof Module.enableCompileCache === 'function') {
  // Never Node's default directory: it is under the shared os.tmpdir(), where another user who
  // made it first could plant compiled code that this process would run as its own.
  const dir = process.platform === 'win32' ? undefined : ownCacheDir();
  if (process.platform === 'win32')
    Module.enableCompileCache(); // %TEMP% is per user there
  else if (dir !== undefined) Module.enableCompileCache(dir);
  require(file).main();
} else {
  const fs = require('node:fs');
  const vm = require('node:vm');
  // Two caches of this bundle (scripts/code-cache.cjs): one written after a request, with undici and
  // the client compiled in, and one after `--help`, smaller. Either is right for any command; the
  // one that matches saves compiling what the other lacks (bench/RESULTS.md, "One request").
  const args = process.argv.slice(2);
  const quiet = args.length === 0 || /^(help|completion|emulator|security)$/.test(args[0]);
  const request =
    !quiet && !args.some((a) => a === '--help' || a === '-h' || a === '--version' || a === '-v');
  let cachedData;
  for (const name of request ? ['.request.cache', '.cache'] : ['.cache']) {
    try {
      cachedData = fs.readFileSync(file + name);
      break;
    } catch {}
  }
  const source = fs.readFileSync(file, 'utf8');
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const mod = { exports: {}, filename: file, id: file };
  script
    .runInThisContext()
    .call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  mod.exports.main();
}

/**
 * `$XDG_CACHE_HOME/fibonacci/node-compile-cache` (or under ~/.cache; a relative XDG_CACHE_HOME is
 * ignored, as the XDG spec says), made 0700, when it is this user's and every directory above it
 * (links resolved) is this user's or root's and writable by no one else, or sticky like /tmp;
 * otherwise undefined, and the bundle is compiled from source. The rule of lib/file-trust.ts,
 * written again here because it must run before the bundle is loaded.
 */
function ownCacheDir() {
  const fs = require('node:fs');
  const xdg = process.env.XDG_CACHE_HOME;
  const home = require('node:os').userInfo().homedir;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.isAbsolute(home) ? path.join(home, '.cache') : '';
  if (base === '') return undefined;
  const uid = process.getuid();
  try {
    const wanted = path.join(base, 'fibonacci', 'node-compile-cache');
    fs.mkdirSync(wanted, { recursive: true, mode: 0o700 });
    const dir = fs.realpathSync(wanted);
    const own = fs.statSync(dir);
    if (own.uid !== uid || (own.mode & 0o077) !== 0) return undefined;
    for (let d = path.dirname(dir); ; d = path.dirname(d)) {
      const st = fs.statSync(d);
      const others = (st.mode & 0o022) !== 0 && (st.mode & 0o1000) === 0;
      if ((st.uid !== uid && st.uid !== 0) || others) return undefined;
      if (path.dirname(d) === d) return dir;
    }
  } catch {
    return undefined;
  }
}
