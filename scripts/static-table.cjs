// Write dist/cli.static: the outputs of dist/cli.cjs that depend on the build alone (src/cli-static.ts),
// for bin/fibonacci.cjs to print without loading the bundle. One file, renamed into place, so a
// reader never sees an index from one build and texts from another:
//   16 bytes: the index's length in bytes, decimal, padded with spaces, then a line feed
//   the index: JSON { build, platform, lists, entries: { "argv\0joined": [offset, bytes] } }, then a
//              line feed; each entry locates its form's list of variants in the lists
//   the lists: `lists` bytes, each form's JSON [[from, to, offset, bytes], …] (to -1: every wider
//              width), at byte offsets counted from the end of the index's line
//   the texts: UTF-8, at byte offsets counted from the end of the lists (equal texts once)
// bin/ reads the index, the one list of its argv, then the one text it prints: the index of every
// form's every width was 142 KB of JSON to parse, ~1.6 ms of each --help; the index alone is ~6 KB.
// build is the id scripts/build.mjs wrote last in dist/cli.cjs (`// build ID`, the argument here):
// bin/ prints from the table only while the bundle beside it ends with that id.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const dist = path.join(__dirname, '..', 'dist');
const bundle = path.join(dist, 'cli.cjs');
const out = path.join(dist, 'cli.static');

if (!/^[0-9a-f-]{36}$/.test(process.argv[2] ?? '')) throw new Error('static-table: the build id is missing');
require(bundle)
  .staticOutputs()
  .then((table) => {
    const texts = new Map();
    const chunks = [];
    let offset = 0;
    const entries = {};
    const lists = [];
    let listsBytes = 0;
    for (const [key, variants] of Object.entries(table)) {
      const list = JSON.stringify(
        variants.map(({ from, to, text }) => {
          let at = texts.get(text);
          if (at === undefined) {
            at = offset;
            texts.set(text, at);
            chunks.push(text);
            offset += Buffer.byteLength(text);
          }
          return [from, to ?? -1, at, Buffer.byteLength(text)];
        }),
      );
      entries[key] = [listsBytes, Buffer.byteLength(list)];
      lists.push(list);
      listsBytes += Buffer.byteLength(list);
    }
    const index = { build: process.argv[2], platform: process.platform, lists: listsBytes, entries };
    const tmp = `${out}.${process.pid}.tmp`;
    const head = JSON.stringify(index);
    const size = String(Buffer.byteLength(head)).padEnd(15);
    fs.writeFileSync(tmp, `${size}\n${head}\n${lists.join('')}${chunks.join('')}`);
    fs.renameSync(tmp, out);
  })
  .catch((e) => {
    process.stderr.write(`static-table: ${e.stack || e}\n`);
    process.exit(1);
  });
