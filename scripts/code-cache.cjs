// Write one of the bundle's two V8 code caches, each after a real run, so the functions that run
// are in it compiled: V8 caches what a run compiled, and compiles the rest lazily from source.
//   node scripts/code-cache.cjs start --help        → dist/cli.cjs.cache (commands without a request)
//   node scripts/code-cache.cjs request secret list  → dist/cli.cjs.request.cache (against an emulator
//                                                      scripts/build.mjs starts; undici, TLS, the client)
//   node scripts/code-cache.cjs --check FILE          → exit 1 when a fresh process's V8 rejects FILE
// Two caches because one made from a request run costs `--help` what it saves a request: about 9M
// instructions more to deserialize there, 56M fewer compiled at `secret list` (bin/ picks by argv).
// bin/fibonacci.cjs uses them on Node 20 when they are this build's (the header) and match the running V8.
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const v8 = require('node:v8');
const vm = require('node:vm');

const file = path.join(__dirname, '..', 'dist', 'cli.cjs');
const CACHES = { start: `${file}.cache`, request: `${file}.request.cache` };
const source = () => Module.wrap(fs.readFileSync(file, 'utf8'));
// Each cache is headed by the build id the bundle ends with, which bin/fibonacci.cjs compares before
// V8 sees the rest (V8 itself checks only the source's length): 64 bytes, so the data stays aligned.
const header = () => {
  const build = /\/\/ build ([0-9a-f-]{36})\n/.exec(fs.readFileSync(file, 'latin1').slice(-256))?.[1];
  if (build === undefined) throw new Error(`code-cache: ${file} carries no build id`);
  return Buffer.from(`fibonacci code cache ${build}`.padEnd(63) + '\n', 'latin1');
};

if (process.argv[2] === '--check') {
  const data = fs.readFileSync(process.argv[3]);
  const head = header();
  if (!data.subarray(0, head.length).equals(head)) {
    process.stderr.write(`${process.argv[3]} is not headed by this bundle's build id\n`);
    process.exit(1);
  }
  const cachedData = data.subarray(head.length);
  v8.setFlagsFromString('--verify-snapshot-checksum'); // as bin/fibonacci.cjs reads it
  if (new vm.Script(source(), { filename: file, cachedData }).cachedDataRejected) {
    process.stderr.write(`V8 rejects ${process.argv[3]} (made under other V8 flags?)\n`);
    process.exit(1);
  }
  process.exit(0);
}
const out = CACHES[process.argv[2]];
if (!out) throw new Error(`code-cache: start or request, not ${process.argv[2]}`);
// V8 rejects a cache made under other flags, and bin/ loads the bundle before src/lib/runtime.ts
// sets any: so this run sets none (the request run would set --liftoff-only at its connection).
const setFlags = v8.setFlagsFromString.bind(v8);
v8.setFlagsFromString = () => {};
const script = new vm.Script(source(), { filename: file });
const mod = { exports: {}, filename: file, id: file };
script
  .runInThisContext()
  .call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
const exit = process.exit;
process.exit = (code) => {
  if (code !== 0) {
    process.stderr.write(`code-cache: the ${process.argv[2]} run exited ${code}\n`);
    exit(1);
  }
  // With a checksum of the cache's body, which bin/fibonacci.cjs has V8 check (a damaged body is
  // rejected, not run); the flag is part of what V8 matches a cache to, so it reads under it too.
  setFlags('--verify-snapshot-checksum');
  fs.writeFileSync(`${out}.tmp`, Buffer.concat([header(), script.createCachedData()]));
  fs.renameSync(`${out}.tmp`, out);
  exit(0);
};
process.argv = [process.argv[0], file, ...process.argv.slice(3)];
mod.exports.main();
