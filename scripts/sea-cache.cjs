// Write the single binary's code cache (scripts/sea-main.cjs): run by build-binary.mjs on the Node
// that goes into the binary, as `node sea-cache.cjs BUNDLE OUT secret list` against an emulator,
// with V8 flags kept off (bin/ and the binary compile the bundle before runtime.ts sets any, and V8
// rejects a cache made under other flags). The bundle runs its main() when evaluated.
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const v8 = require('node:v8');
const vm = require('node:vm');

const [bundle, out, ...args] = process.argv.slice(2);
v8.setFlagsFromString = () => {};
const script = new vm.Script(Module.wrap(fs.readFileSync(bundle, 'utf8')), { filename: bundle });
const exit = process.exit;
process.exit = (code) => {
  if (code !== 0) {
    process.stderr.write(`sea-cache: the run exited ${code}\n`);
    exit(1);
  }
  fs.writeFileSync(out, script.createCachedData());
  exit(0);
};
process.argv = [process.argv[0], bundle, ...args];
const mod = { exports: {}, filename: bundle, id: bundle };
script
  .runInThisContext()
  .call(mod.exports, mod.exports, Module.createRequire(bundle), mod, bundle, path.dirname(bundle));
