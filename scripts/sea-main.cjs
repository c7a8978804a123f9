// The single binary's entry (scripts/build-binary.mjs). Node's own SEA code cache is made by
// compiling the entry without running it, so it holds the top-level code alone and every function a
// command calls compiled from source at each start. So the bundle travels as an asset instead, with
// a code cache written after a real `secret list` on the same Node (scripts/sea-cache.cjs), and is
// compiled here from both. A cache V8 rejects (another Node) costs time, never correctness.
'use strict';
const { getAsset, getRawAsset } = require('node:sea');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const filename = path.join(path.dirname(process.execPath), 'fibonacci-cli.cjs');
const script = new vm.Script(Module.wrap(getAsset('cli.cjs', 'utf8')), {
  filename,
  cachedData: Buffer.from(getRawAsset('cli.cache')),
});
const mod = { exports: {}, filename, id: filename };
script.runInThisContext().call(mod.exports, mod.exports, require, mod, filename, path.dirname(filename));
