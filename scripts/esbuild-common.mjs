// The esbuild options of the npm bundle (scripts/build.mjs, and the benchmarks' variants of it) and
// what the single binary's bundle (scripts/build-binary.mjs) shares with it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { asciiOutput } from './ascii-output.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// commander requires node:child_process at load time for executable subcommands, which this CLI
// does not use; loading it (and node:net behind it) costs 1-3 ms of CPU at every start
// (docs/architecture.md, "Start-up work"). Give commander a proxy that loads it on first use.
export const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer)
        ? { path: 'child_process', namespace: 'fib-lazy' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'fib-lazy' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_t, k) => require('node:child_process')[k] });",
      loader: 'js',
    }));
  },
};

// src/lib/json-syntax.ts places a JSON error with jsonc-parser, only after JSON.parse has failed;
// but config-file.ts imports it, and so every command evaluated jsonc-parser as it started, whose
// string-intern.js builds 1,220 indentation strings at load: about 6M instructions at every start.
// Its two functions the CLI calls load it on first use instead; importing another name from it
// fails the build ("No matching export"), never silently loads it again.
// Its ES module build, the one esbuild bundled from the import before (the UMD main hides its
// requires inside a factory).
const JSONC_PARSER = join(
  dirname(createRequire(import.meta.url).resolve('jsonc-parser/package.json')),
  'lib',
  'esm',
  'main.js',
);

export const lazyJsoncParser = {
  name: 'lazy-jsonc-parser',
  setup(b) {
    // json-syntax.ts alone: the security check imports more of it, behind its own lazy import().
    b.onResolve({ filter: /^jsonc-parser$/ }, (args) =>
      /[\\/]src[\\/]lib[\\/]json-syntax\.ts$/.test(args.importer)
        ? { path: 'jsonc-parser', namespace: 'fib-lazy-jsonc' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'fib-lazy-jsonc' }, () => ({
      contents: `let real;
const load = () => (real ??= require(${JSON.stringify(JSONC_PARSER)}));
export const parse = (...args) => load().parse(...args);
export const printParseErrorCode = (...args) => load().printParseErrorCode(...args);
export const createScanner = (...args) => load().createScanner(...args);`,
      loader: 'js',
      resolveDir: dirname(JSONC_PARSER),
    }));
  },
};

// TypeBox's `value` and root entries re-export everything TypeBox has, and behind the commands' lazy
// import() esbuild cannot tree-shake them (a dynamically imported graph is wrapped whole): the root
// alone initialised ~200 modules (every type builder) at each request command. The CLI uses `Check`
// from `value` (src/lib/api/check.ts) and a few builders (src/lib/api/shapes.ts), so `value`
// resolves to the module that defines Check and the root to an entry naming only the builders used,
// each from its own module. Importing another name fails the build ("No matching export"), never
// silently.
const TYPEBOX_ROOT_NAMES = {
  'type/array/index.mjs': ['Array'],
  'type/boolean/index.mjs': ['Boolean'],
  'type/integer/index.mjs': ['Integer'],
  'type/literal/index.mjs': ['Literal'],
  'type/null/index.mjs': ['Null'],
  'type/number/index.mjs': ['Number'],
  'type/object/index.mjs': ['Object'],
  'type/optional/index.mjs': ['Optional'],
  'type/record/index.mjs': ['Record'],
  'type/string/index.mjs': ['String'],
  'type/union/index.mjs': ['Union'],
  'type/unknown/index.mjs': ['Unknown'],
  'type/unsafe/index.mjs': ['Unsafe'],
  'type/registry/index.mjs': ['FormatRegistry'],
  'type/symbols/index.mjs': ['Kind'],
};

export const typeboxSlim = {
  name: 'typebox-slim',
  setup(b) {
    const rootOf = async (args) => {
      const root = await b.resolve('@sinclair/typebox', {
        kind: args.kind,
        resolveDir: args.resolveDir,
        pluginData: { typeboxRoot: true },
      });
      return root.errors.length > 0 ? { errors: root.errors } : { dir: dirname(root.path) };
    };
    b.onResolve({ filter: /^@sinclair\/typebox\/value$/ }, async (args) => {
      const root = await rootOf(args);
      return root.errors ? { errors: root.errors } : { path: join(root.dir, 'value', 'check', 'index.mjs') };
    });
    b.onResolve({ filter: /^@sinclair\/typebox$/ }, async (args) => {
      if (args.pluginData?.typeboxRoot) return undefined;
      const root = await rootOf(args);
      if (root.errors) return { errors: root.errors };
      return { path: 'typebox', namespace: 'fib-typebox', pluginData: { dir: root.dir } };
    });
    b.onLoad({ filter: /.*/, namespace: 'fib-typebox' }, (args) => ({
      contents: Object.entries(TYPEBOX_ROOT_NAMES)
        .map(
          ([file, names]) =>
            `export { ${names.join(', ')} } from ${JSON.stringify(join(args.pluginData.dir, file))};`,
        )
        .join('\n'),
      loader: 'js',
      resolveDir: args.pluginData.dir,
    }));
  },
};

/** One minified CommonJS file for Node, with the version compiled in. */
export const COMMON_OPTIONS = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: 'none',
  define: { __FIBONACCI_VERSION__: JSON.stringify(pkg.version) },
  // jsonc-parser's main entry is a UMD module that requires its parts by computed names, which a
  // bundle cannot follow; its ES module build is the same code in plain imports.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  logLevel: 'warning',
};

// undici's entry requires all of it: fetch, WebSocket, the cache stores, the mocks, and through
// its cookie module Node's own built-in undici (globalThis.Headers), so a command paid for two HTTP
// stacks to make one request. The client uses three names (src/lib/api/client.ts, dispatcher.ts):
// the entry resolves to a module that builds only those from undici's own files, the way undici's
// index.js does. Importing another name from 'undici' fails the build ("No matching export").
const UNDICI_SLIM = `
import Agent from 'undici/lib/dispatcher/agent.js';
import EnvHttpProxyAgent from 'undici/lib/dispatcher/env-http-proxy-agent.js';
import Dispatcher from 'undici/lib/dispatcher/dispatcher.js';
import api from 'undici/lib/api/index.js';
import util from 'undici/lib/core/util.js';
import errors from 'undici/lib/core/errors.js';
// As undici's index.js does: the proxy agent tunnels with dispatcher.connect(), not only request().
Object.assign(Dispatcher.prototype, api);
/** undici's request(url, opts) for a URL and an explicit dispatcher (there is no global one here). */
function request(url, opts) {
  if (opts == null || typeof opts.dispatcher?.request !== 'function') {
    throw new errors.InvalidArgumentError('a dispatcher is required');
  }
  const parsed = util.parseURL(url);
  return opts.dispatcher.request({
    ...opts,
    origin: parsed.origin,
    path: parsed.search ? parsed.pathname + parsed.search : parsed.pathname,
    method: opts.method || (opts.body ? 'PUT' : 'GET'),
  });
}
export { Agent, EnvHttpProxyAgent, request };
`;

export const undiciSlim = {
  name: 'undici-slim',
  setup(b) {
    b.onResolve({ filter: /^undici$/ }, (args) => ({
      path: 'undici',
      namespace: 'fib-undici',
      pluginData: { resolveDir: args.resolveDir },
    }));
    b.onLoad({ filter: /.*/, namespace: 'fib-undici' }, (args) => ({
      contents: UNDICI_SLIM,
      loader: 'js',
      resolveDir: args.pluginData.resolveDir,
    }));
  },
};

// Source edits of undici's lib/ files. esbuild runs only the first onLoad that answers for a file,
// so the plugins below do not each load a file: each registers its edits ({ file: [[from, to], …] },
// every `from` found exactly once, else the build fails rather than quietly loading the old code),
// and the first of them in a build registers the one onLoad that applies all of that build's.
const undiciEdits = new WeakMap();

function undiciEditPlugin(name, edits, more = () => {}) {
  return {
    name,
    setup(b) {
      more(b);
      let registry = undiciEdits.get(b.initialOptions);
      if (registry) {
        registry.push({ name, edits });
        return;
      }
      registry = [{ name, edits }];
      undiciEdits.set(b.initialOptions, registry);
      b.onLoad({ filter: /[\\/]undici[\\/]lib[\\/].*\.js$/ }, (args) => {
        const key = args.path.replace(/\\/g, '/').replace(/^.*\/undici\/lib\//, '');
        const mine = registry.filter((r) => r.edits[key]);
        if (mine.length === 0) return undefined;
        let source = readFileSync(args.path, 'utf8');
        for (const r of mine) {
          for (const [from, to] of r.edits[key]) {
            if (source.split(from).length !== 2) {
              return { errors: [{ text: `${r.name}: ${args.path}: not one ${from.split('\n')[0].trim()}` }] };
            }
            source = source.replace(from, () => to);
          }
        }
        return { contents: source, loader: 'js' };
      });
    },
  };
}

// undici's HTTP/1.1 client requires its HTTP/2 module at load, and that requires node:http2 (with
// node:http and node:perf_hooks behind it): about 2 ms of CPU at every request, for a protocol the
// client never negotiates (no allowH2, src/lib/api/dispatcher.ts). The HTTP/2 module is required
// the first time a connection would use it instead.
export const undiciLazyH2 = undiciEditPlugin('undici-lazy-h2', {
  'dispatcher/client.js': [
    [
      "const connectH2 = require('./client-h2.js')",
      "const connectH2 = (client, socket) => require('./client-h2.js')(client, socket)",
    ],
  ],
});

// Closing a dispatcher (src/lib/api/client.ts, after the last request) ends in undici's destroy()
// with a ClientDestroyedError it makes there, and Node's stream destroy reads that error's .stack:
// formatting it made V8 compute the line table of the whole bundle, about 17M instructions (1.6 ms)
// at the end of every request command, for an error no one sees. The error made there carries its
// name and message as its stack instead; every other undici error keeps its frames.
export const undiciPlainDestroyStack = undiciEditPlugin('undici-plain-destroy-stack', {
  'dispatcher/dispatcher-base.js': [
    [
      '      err = new ClientDestroyedError()\n',
      "      err = new ClientDestroyedError()\n      err.stack = err.name + ': ' + err.message\n",
    ],
  ],
});

// undici requires node:http at load for two things a request of ours never needs: the class
// IncomingMessage (util.js destroy() tells Node's own response streams apart by it) and
// http.maxHeaderSize (client.js, the default when a Client is given none: src/lib/api/dispatcher.ts
// gives one). Loading it loads Node's whole HTTP stack (_http_agent/client/server/…, the
// http_parser binding) at every request. So node:http is required where it is used: destroy()
// compares classes only for a stream whose class is named IncomingMessage, and the default header
// size is read when a Client is given none. And node:assert (with its AssertionError and
// CallTracker modules) is loaded the first time an assertion fails: undici calls assert(value,
// message) only, never a method of it.
const UNDICI_ASSERT = `'use strict';
module.exports = function assert(value, message) {
  if (!value) require('node:assert')(value, message);
};
`;

export const undiciLazyHttpAssert = undiciEditPlugin(
  'undici-lazy-http-assert',
  {
    'core/util.js': [
      ["const { IncomingMessage } = require('node:http')\n", ''],
      [
        'if (Object.getPrototypeOf(stream).constructor === IncomingMessage) {',
        "if (Object.getPrototypeOf(stream).constructor?.name === 'IncomingMessage' &&\n" +
          "      Object.getPrototypeOf(stream).constructor === require('node:http').IncomingMessage) {",
      ],
    ],
    'dispatcher/client.js': [
      ["const http = require('node:http')\n", ''],
      [
        'const getDefaultNodeMaxHeaderSize = http &&\n' +
          '  http.maxHeaderSize &&\n' +
          '  Number.isInteger(http.maxHeaderSize) &&\n' +
          '  http.maxHeaderSize > 0\n' +
          '  ? () => http.maxHeaderSize\n' +
          "  : () => { throw new InvalidArgumentError('http module not available or http.maxHeaderSize invalid') }\n",
        'const getDefaultNodeMaxHeaderSize = () => {\n' +
          "  const http = require('node:http')\n" +
          '  if (Number.isInteger(http.maxHeaderSize) && http.maxHeaderSize > 0) return http.maxHeaderSize\n' +
          "  throw new InvalidArgumentError('http module not available or http.maxHeaderSize invalid')\n" +
          '}\n',
      ],
    ],
  },
  (b) => {
    const lib = /[\\/]undici[\\/]lib[\\/]/;
    b.onResolve({ filter: /^node:assert$/ }, (args) =>
      lib.test(args.importer) ? { path: 'assert', namespace: 'fib-undici-assert' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'fib-undici-assert' }, () => ({
      contents: UNDICI_ASSERT,
      loader: 'js',
    }));
  },
);

// Source edits of the Linux keychain's D-Bus client (src/lib/secret-service.ts): each `from` found
// exactly once in its file, else the build fails rather than quietly loading the old code. None of
// this code is in the request code cache (written with FIBONACCI_API_KEY), so every keychain read
// compiled and ran all that dbus-native loads.
function packageEditPlugin(name, filter, edits) {
  return {
    name,
    setup(b) {
      b.onLoad({ filter }, (args) => {
        const path = args.path.replace(/\\/g, '/');
        const key = Object.keys(edits).find((k) => path.endsWith(`/node_modules/${k}`));
        if (key === undefined) return undefined;
        let source = readFileSync(args.path, 'utf8');
        for (const [from, to] of edits[key]) {
          if (source.split(from).length !== 2) {
            return { errors: [{ text: `${name}: ${args.path}: not one ${from.split('\n')[0].trim()}` }] };
          }
          source = source.replace(from, () => to);
        }
        return { contents: source, loader: 'js' };
      });
    },
  };
}

// The keychain calls the Secret Service with bus.invoke() alone and never introspects, but
// dbus-native's bus.js required its introspection module at load, and that requires xml2js (with
// sax and xmlbuilder): ~140 KB of source compiled and run at every keychain read, for XML it never
// parses. Required the first time an object is introspected instead.
export const dbusNativeLazyIntrospect = packageEditPlugin(
  'dbus-native-lazy-introspect',
  /[\\/]@homebridge[\\/]dbus-native[\\/]lib[\\/]bus\.js$/,
  {
    '@homebridge/dbus-native/lib/bus.js': [
      [
        "const introspect = require('./introspect').introspectBus;",
        "const introspect = (...args) => require('./introspect').introspectBus(...args);",
      ],
    ],
  },
);

// dbus-native reads D-Bus 64-bit integers with long.js, whose UMD build compiles and instantiates a
// small WebAssembly module as it loads (native i64 multiply and divide), before the first
// connection sets --liftoff-only (src/lib/runtime.ts) and ahead of anything else WebAssembly in the
// process: the most expensive module of a keychain read. The CLI only makes Longs from the bits and
// numbers D-Bus sends and reads them back, so long.js's own JavaScript arithmetic, the path it takes
// wherever WebAssembly is missing, does it all, and the module is never built.
export const longWithoutWasm = packageEditPlugin('long-without-wasm', /[\\/]long[\\/]umd[\\/]index\.js$/, {
  'long/umd/index.js': [
    ['    var wasm = null;\n    try {\n', '    var wasm = null;\n    if (false) try {\n'],
  ],
});

/** Packages loaded from node_modules at run time: native addons, optional SDKs, and heavy libraries. */
const EXTERNAL = [
  '@napi-rs/keyring',
  'better-sqlite3',
  '@aws-sdk/*',
  'fastify',
  '@fastify/*',
  'selfsigned',
  '@peculiar/*',
  // `security check`, `workflow create` from YAML and the emulator's workflows: a YAML parser, a
  // JSON Schema compiler and its regular-expression check, required when they run.
  'yaml',
  'js-yaml',
  'ajv',
  'ajv/*',
  'ajv-formats',
  'safe-regex2',
  're2js',
];

/**
 * The npm bundle (dist/cli.cjs) without its outfile: scripts/build.mjs builds it, and
 * bench/variants.mjs builds the same bundle with one start-up trick taken out.
 */
/** What the npm bundle and the single binary both build with (the binary puts its SEA plugin first). */
export const BUNDLE_PLUGINS = [
  lazyChildProcess,
  lazyJsoncParser,
  typeboxSlim,
  undiciSlim,
  undiciLazyH2,
  undiciLazyHttpAssert,
  undiciPlainDestroyStack,
  dbusNativeLazyIntrospect,
  longWithoutWasm,
  asciiOutput,
];

export const NPM_BUNDLE_OPTIONS = {
  entryPoints: ['src/main.ts'],
  ...COMMON_OPTIONS,
  target: 'node20.18',
  external: EXTERNAL,
  plugins: BUNDLE_PLUGINS,
  // Every external is requirable on Node 20, and a real import() would not survive V8's code cache
  // in bin/fibonacci.cjs (vm.Script): let esbuild turn import() into require().
  supported: { 'dynamic-import': false },
};
