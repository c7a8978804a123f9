// Write dist/cli.cjs.cache: V8's code cache for the bundle after a `--help` run, so functions used at
// start-up are in it. bin/fibonacci.cjs uses it on Node 20 when it matches the running V8.
// Run by scripts/build.mjs as `node scripts/code-cache.cjs --help` with output discarded, then as
// `node scripts/code-cache.cjs --check`, which exits 1 when a fresh process's V8 rejects the cache.
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const file = path.join(__dirname, '..', 'dist', 'cli.cjs');
if (process.argv[2] === '--check') {
  const cachedData = fs.readFileSync(`${file}.cache`);
  const checked = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
  if (checked.cachedDataRejected) {
    process.stderr.write(`V8 rejects ${file}.cache (made under other V8 flags?)\n`);
    process.exit(1);
  }
  process.exit(0);
}
const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file });
const mod = { exports: {}, filename: file, id: file };
script
  .runInThisContext()
  .call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
const exit = process.exit;
process.exit = (code) => {
  fs.writeFileSync(`${file}.cache.tmp`, script.createCachedData());
  fs.renameSync(`${file}.cache.tmp`, `${file}.cache`);
  exit(code);
};
process.argv = [process.argv[0], file, ...process.argv.slice(2)];
mod.exports.main();
