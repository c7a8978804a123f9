#!/usr/bin/env -S node --
// `node --` so that Node 20 does not read our own `--env-file` flag (secret set, emulator start)
// as its own and exit 9 when the file is missing.
// CommonJS on purpose: Node's ESM loader would cost more start-up time than the whole command.
// Start-up is most of a short command's time, so the bundle is compiled from V8's code cache:
// Node 22+ keeps its own (module.enableCompileCache); on Node 20 we use a cache that
// `npm run build` wrote beside the bundle when it matches this V8, and compile normally otherwise.
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
  Module.enableCompileCache();
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
