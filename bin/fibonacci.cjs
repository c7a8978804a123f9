#!/usr/bin/env -S node --
// `node --` so that Node 20 does not read our own `--env-file` flag (secret set, emulator start)
// as its own and exit 9 when the file is missing.
// CommonJS on purpose: Node's ESM loader would cost more start-up time than the whole command.
// Start-up is most of a short command's time, so the bundle is compiled from V8's code cache:
// Node 22+ keeps its own (module.enableCompileCache), in a directory of this user's only; on Node 20
// we use a cache that `npm run build` wrote beside the bundle when it is this build's and as trusted
// as the bundle (codeCache, below) and matches this V8, and compile normally otherwise. Help and the completion scripts need no bundle at all: they are printed from
// a table the build wrote beside it (printStatic, below).
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
} else if (printStatic()) {
  // Printed from dist/cli.static: the help or completion script, the bundle never loaded.
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
  const [source, bundle] = wrappedSource(fs);
  const names = request ? ['.request.cache', '.cache'] : ['.cache'];
  const cachedData = codeCache(fs, source, bundle, names);
  // V8 checks a cache's header, not its body, and runs what a body damaged in place (a bad disk or
  // copy) holds until it crashes: scripts/code-cache.cjs writes a checksum of the body, which V8
  // checks under this flag (the cache was made under it too: the flag is part of the cache's
  // match), so a damaged cache is rejected and the bundle compiles from source. Off again at once:
  // Node's built-ins are cached under the default flags and would compile from source after it.
  const v8 = cachedData === undefined ? undefined : require('node:v8');
  v8?.setFlagsFromString('--verify-snapshot-checksum');
  const script = new vm.Script(source, { filename: file, cachedData });
  v8?.setFlagsFromString('--no-verify-snapshot-checksum');
  const mod = { exports: {}, filename: file, id: file };
  script
    .runInThisContext()
    .call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  mod.exports.main();
}

/**
 * The bundle as Module.wrap() would make it (what scripts/code-cache.cjs compiled), read into one
 * buffer between the wrapper's two halves and made a string in one copy: `Module.wrap(source)` is a
 * cons string, which V8 flattens into a third copy of 1.5 MB to look the script up, and a UTF-8
 * read checks every byte. The bundle is ASCII (scripts/ascii-output.mjs), so Latin-1 reads it the
 * same: `secret list` makes about 1,000 fewer page faults and runs 9M fewer instructions. With the
 * bundle's fstat, for codeCache.
 */
function wrappedSource(fs) {
  const [head, tail] = Module.wrapper;
  const fd = fs.openSync(file, 'r');
  try {
    const stat = fs.fstatSync(fd);
    const size = stat.size;
    const buf = Buffer.allocUnsafe(head.length + size + tail.length);
    buf.latin1Write(head, 0);
    for (let at = 0; at < size; ) {
      const n = fs.readSync(fd, buf, head.length + at, size - at, null);
      if (n === 0) throw new Error(`${file} was cut short while it was read`);
      at += n;
    }
    buf.latin1Write(tail, head.length + size);
    return [buf.latin1Slice(0, buf.length), stat];
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The first of the caches `names` beside the bundle that may run as its compiled code, without the
 * header; undefined, and the bundle compiles from source, when none may. V8 matches a cache to its
 * source by length alone and then runs the cache's code, so a cache is believed as the bundle is (a
 * regular file of the bundle's owner or root that no one else may write, never waited on in open(2)
 * nor read without bound), only for the build it was made from (scripts/code-cache.cjs heads it with
 * the build id the bundle ends with), and only when the bundle was not changed after it was written.
 */
function codeCache(fs, source, bundle, names) {
  const build = /\/\/ build ([0-9a-f-]{36})\n/.exec(source.slice(-256))?.[1];
  if (build === undefined) return undefined;
  // scripts/code-cache.cjs writes the same; 64 bytes keep V8's data 8-aligned, so it is not copied.
  const header = `fibonacci code cache ${build}`.padEnd(63) + '\n';
  for (const name of names) {
    let fd;
    try {
      fd = fs.openSync(file + name, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    } catch {
      continue;
    }
    try {
      const st = fs.fstatSync(fd);
      const owner = st.uid === bundle.uid || st.uid === 0;
      if (!st.isFile() || !owner || (st.mode & 0o022) !== 0) continue;
      // 16 MiB: several times the request cache (about 0.9 MB).
      if (st.size <= header.length || st.size > 16 * 1024 * 1024 || st.mtimeMs < bundle.mtimeMs) continue;
      const buf = Buffer.allocUnsafeSlow(st.size);
      if (fs.readSync(fd, buf, 0, st.size, 0) !== st.size) continue;
      if (buf.latin1Slice(0, header.length) === header) return buf.subarray(header.length);
    } catch {
    } finally {
      fs.closeSync(fd);
    }
  }
  return undefined;
}

/**
 * `--help`, `-h` and `help` for every command, `help exit-codes|environment`, `completion SHELL`:
 * exactly those argv forms, printed from the table `npm run build` asked this build's bundle for
 * (scripts/static-table.cjs, src/cli-static.ts) at this help width (commander's: stdout's columns on
 * a terminal, else 80), with nothing else to load. False, and the bundle runs, for any other argv, a
 * missing table or one from another build, a width it lacks, or a write that failed before a byte
 * was written (the bundle then meets the same failure and reports it as it always does).
 */
function printStatic() {
  const args = process.argv.slice(2);
  // Only a form the table can hold opens it: every other command (a request) pays nothing here.
  const help = args.at(-1) === '--help' || args.at(-1) === '-h' || args[0] === 'help';
  if (args.length > 4 || !(help || (args[0] === 'completion' && args.length === 2))) return false;
  const fs = require('node:fs');
  let fd;
  try {
    // Never waiting in open(2) on a FIFO planted there.
    fd = fs.openSync(
      `${file.slice(0, -'.cjs'.length)}.static`,
      fs.constants.O_RDONLY | fs.constants.O_NONBLOCK,
    );
  } catch {
    return false;
  }
  let text;
  try {
    // What `completion bash` prints is eval'd by the user's shell: the table is believed only as
    // the bundle is, a regular file of the bundle's owner (or root) that no one else may write.
    const table = fs.fstatSync(fd);
    const bundle = fs.statSync(file);
    const owner = table.uid === bundle.uid || table.uid === 0;
    if (!table.isFile() || !owner || (table.mode & 0o022) !== 0) return false;
    const read = (bytes, at) => {
      const buf = Buffer.allocUnsafe(bytes);
      if (fs.readSync(fd, buf, 0, bytes, at) !== bytes) throw new Error('short table');
      return buf;
    };
    const size = Number(read(16, 0).toString('latin1'));
    const index = JSON.parse(read(size, 16).toString('utf8'));
    const key = args.join('\0');
    if (index.platform !== process.platform || !Object.hasOwn(index.entries, key)) return false;
    if (index.build !== buildOf(fs)) return false;
    // The form's own list of variants (scripts/static-table.cjs), then its text after the lists.
    const lists = 16 + size + 1;
    const [at, bytes] = index.entries[key];
    const variants = JSON.parse(read(bytes, lists + at).toString('utf8'));
    // commander's help width, as the CLI reads it (a terminal of unknown size, or of 0 columns: 80).
    const width =
      variants.length === 1 ? 0 : (require('node:tty').isatty(1) ? process.stdout.columns : undefined) || 80;
    const hit = variants.find(([from, to]) => from <= width && (to === -1 || width <= to));
    if (hit === undefined) return false;
    text = read(hit[3], lists + index.lists + hit[2]);
  } catch {
    return false;
  } finally {
    fs.closeSync(fd);
  }
  let done = 0;
  while (done < text.length) {
    try {
      done += fs.writeSync(1, text, done, text.length - done);
    } catch (e) {
      // A non-blocking stdout that is full: wait for the reader, as the stream would.
      if (e.code === 'EAGAIN') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
      // `| head` closed it: nothing to say, and nothing went wrong (src/main.ts).
      else if (e.code === 'EPIPE') return true;
      else if (done === 0) return false;
      else {
        process.exitCode = require(file).reportStdoutError(e);
        return true;
      }
    }
  }
  return true;
}

/** The build id at the end of dist/cli.cjs (scripts/build.mjs writes it there and in the table). */
function buildOf(fs) {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const tail = Buffer.alloc(Math.min(size, 256));
    fs.readSync(fd, tail, 0, tail.length, size - tail.length);
    return /\/\/ build ([0-9a-f-]{36})\n/.exec(tail.toString('latin1'))?.[1];
  } finally {
    fs.closeSync(fd);
  }
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
  /** Whether `d` and every directory above it are this user's or root's and only they may write (or sticky). */
  const trusted = (d) => {
    for (; ; d = path.dirname(d)) {
      const st = fs.statSync(d);
      const others = (st.mode & 0o022) !== 0 && (st.mode & 0o1000) === 0;
      if ((st.uid !== uid && st.uid !== 0) || others) return false;
      if (path.dirname(d) === d) return true;
    }
  };
  try {
    const wanted = path.join(base, 'fibonacci', 'node-compile-cache');
    // Judged before anything is made: Node 24 wrote its cache into another user's directory that a
    // link on the way led to (made first, refused after). A link of another user's on the way is
    // theirs to repoint later, so it is refused too.
    let existing = wanted;
    for (; !fs.existsSync(existing); existing = path.dirname(existing)) {
      const lst = fs.lstatSync(existing, { throwIfNoEntry: false });
      if (lst?.isSymbolicLink()) return undefined; // a link that leads nowhere
    }
    for (let d = wanted; ; d = path.dirname(d)) {
      const lst = fs.lstatSync(d, { throwIfNoEntry: false });
      if (lst?.isSymbolicLink() && lst.uid !== uid && lst.uid !== 0) return undefined;
      if (path.dirname(d) === d) break;
    }
    if (!trusted(fs.realpathSync(existing))) return undefined;
    fs.mkdirSync(wanted, { recursive: true, mode: 0o700 });
    const dir = fs.realpathSync(wanted);
    const own = fs.statSync(dir);
    if (own.uid !== uid || (own.mode & 0o077) !== 0) return undefined;
    return trusted(path.dirname(dir)) ? dir : undefined;
  } catch {
    return undefined;
  }
}
