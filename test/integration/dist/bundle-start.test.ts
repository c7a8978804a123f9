// dist/cli.cjs is ASCII only, and its code caches are usable: one other character and Node decodes the whole bundle as two-byte text
// at every start (scripts/ascii-output.mjs; the build refuses such a bundle too).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/repo.js';

describe('the npm bundle', () => {
  it('holds no byte above 0x7F', () => {
    const bytes = readFileSync(join(REPO_ROOT, 'dist', 'cli.cjs'));
    const at = bytes.findIndex((b) => b >= 0x80);
    expect(at === -1 ? '' : bytes.subarray(Math.max(0, at - 40), at + 10).toString('utf8')).toBe('');
  });
});

describe('what the bundle initialises at a request', () => {
  // Behind the commands' lazy import() esbuild wraps a package's entry whole: date-fns's index and
  // TypeBox's root initialised every function and builder they have (~450 modules, about 22M
  // instructions at each request command). The CLI imports date-fns by function and TypeBox through
  // scripts/esbuild-common.mjs's typeboxSlim.
  it.each(['node_modules/date-fns/index.js', 'node_modules/@sinclair/typebox/build/esm/index.mjs'])(
    'does not carry %s',
    (entry) => {
      expect(readFileSync(join(REPO_ROOT, 'dist', 'cli.cjs'), 'utf8').includes(`"${entry}"`)).toBe(false);
    },
  );
});

describe('the code caches beside it (Node 20 builds)', () => {
  it
    .skipIf(Number(process.versions.node.split('.')[0]) >= 22)
    .each(['dist/cli.cjs.cache', 'dist/cli.cjs.request.cache'])(
    '%s is one this V8 accepts for the bundle',
    (cache) => {
      const r = spawnSync(
        process.execPath,
        [join(REPO_ROOT, 'scripts', 'code-cache.cjs'), '--check', join(REPO_ROOT, cache)],
        {
          encoding: 'utf8',
        },
      );
      expect({ code: r.status, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    },
  );
});

// bin/fibonacci.cjs reads the bundle into one buffer between Module.wrap()'s two halves and makes it
// one flat string (a cons string from Module.wrap made V8 copy 1.5 MB again to look it up). V8
// checks a code cache against the source's length only: so the source must be, character for
// character, the Module.wrap() of the file scripts/code-cache.cjs compiled, and the cache taken.
const VM_PROBE = `'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const vm = require('node:vm');
const Script = vm.Script;
vm.Script = function (source, options) {
  const script = new Script(source, options);
  if (options && options.cachedData) {
    const same = source === Module.wrap(fs.readFileSync(options.filename, 'utf8'));
    fs.writeFileSync(process.env.FIB_TEST_VM, JSON.stringify({ same, rejected: script.cachedDataRejected }));
  }
  return script;
};
`;

describe('bin/fibonacci.cjs on Node 20', () => {
  it.skipIf(Number(process.versions.node.split('.')[0]) >= 22).each([[['--version']], [['auth', 'status']]])(
    'fibonacci %j compiles the bundle, as Module.wrap() makes it, from a cache V8 takes',
    (args) => {
      const dir = mkdtempSync(join(tmpdir(), 'fib-vm-'));
      writeFileSync(join(dir, 'probe.cjs'), VM_PROBE);
      const out = join(dir, 'vm.json');
      const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'fibonacci.cjs'), ...args], {
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          HOME: dir,
          XDG_CONFIG_HOME: join(dir, 'config'),
          NODE_OPTIONS: `--require ${join(dir, 'probe.cjs')}`,
          FIB_TEST_VM: out,
        },
      });
      expect(r.error).toBeUndefined();
      expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({ same: true, rejected: false });
    },
  );
});
