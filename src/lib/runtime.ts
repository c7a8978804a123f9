/**
 * V8 settings, the one place the CLI tunes its runtime. main() hands it the command once commander
 * knows which one runs, just before its action. Each flag stays only while a benchmark shows it
 * pays: docs/architecture.md ("Start-up work") has the figures, and bench/variants.mjs builds the
 * CLI without each one so `npm run bench` measures it off against on.
 *
 * When a flag is set matters as much as which. V8 checks every code cache against a hash of its
 * flags, so a flag set before a module loads makes V8 reject the cache that module would load
 * from: Node's cache of its own built-in modules (undici's tls, http and crypto then cost 20 ms
 * more), and the bundle's, which the build writes from a `--help` run (scripts/code-cache.cjs) and
 * bin/fibonacci.cjs loads. So never as flags in bin/ and never for --help or --version; a flag is
 * set at the first connection (undici publishes `undici:client:beforeConnect` once it and every
 * built-in a request needs have loaded, and compiles its WebAssembly parser only after that), or
 * when the action starts where waiting would spoil what the flag is for. Set, they last until exit.
 */

/** The diagnostics channel undici publishes on before each connection (undici 7). */
export const FIRST_CONNECTION = 'undici:client:beforeConnect';

/** The flags of one command, by when they are set. */
export interface V8Tuning {
  /** Set when the action starts (costs the built-in modules' code cache, see above). */
  atStart: string[];
  /** Set when the process opens its first connection; never for a command that does not. */
  atFirstConnection: string[];
}

/**
 * Every command: undici parses HTTP with llhttp compiled to WebAssembly, and V8's optimising tier
 * recompiles it in the background; a short command never gains from that, yet its exit waits for
 * the compile, and a long export pays for the compiler's memory. The baseline tier is plenty for a
 * few header bytes per response. Read when the parser compiles, so the first connection is in time.
 */
const EVERY_COMMAND: readonly string[] = ['--liftoff-only'];

/**
 * By command path, set at the start. V8 doubles the young generation each time enough objects have
 * survived since the last growth, which a long export always reaches, so its peak memory grew with
 * its length; at 1 it keeps its size. At the start, because loading undici already grows it: set at
 * the first connection, the export's peak was 101 MB instead of 92 MB. Not for every command: the
 * emulator's server spends more CPU per request with the smaller young generation. `security check`
 * likewise: over 10,000 files its young generation grew from 16 to 32 MB, and its peak at the end
 * of the scan was 99.5 MB against 85 for 1,000 files; with the flag, 80 against 78.
 * The export's page bodies are off the JS heap but freed only by a scavenge; since it allocates
 * little on the heap per page (lib/export/raw-page.ts), a scavenge at V8's default 80% of the young
 * generation came every ~16 pages and the bodies waiting for it took its peak from 92 to 101 MB;
 * at 15% it comes as often as before and the peak stays flat.
 * `security check` also keeps its old generation near what is live: each file's parse outlives a
 * scavenge or two of the small young generation and is promoted (7 KB a file over 10,000 files),
 * and V8, finding full collections cheap, let the old generation grow to 4 times its live ~10 MB
 * before the next one; a 1,000-file scan ends before that, a 10,000-file one did not (heap 43 vs
 * 21 MB, peak RSS 117 vs 93 MB). At 1.5 times, the peak was 101 vs 93 MB, in the same CPU time.
 */
const AT_START: Readonly<Record<string, readonly string[]>> = {
  'audit export': ['--semi-space-growth-factor=1', '--minor-gc-task-trigger=15'],
  'security check': ['--semi-space-growth-factor=1', '--heap-growing-percent=50'],
};

/** The V8 flags for a command given by its path (`audit export`), by when they are set. */
export function v8FlagsFor(command: string): V8Tuning {
  return { atStart: [...(AT_START[command] ?? [])], atFirstConnection: [...EVERY_COMMAND] };
}

/**
 * node:v8 when a flag is about to be set, not before: a command that sets none (--help, completion
 * bash) has no use for it (with heap_utils and promise_hooks behind it). Synchronous, because the
 * first-connection flags are set inside undici's diagnostics channel, before it compiles its parser.
 */
function setFlags(flags: readonly string[]): void {
  if (flags.length === 0) return;
  const v8 = process.getBuiltinModule('node:v8');
  for (const flag of flags) v8.setFlagsFromString(flag);
}

/**
 * libuv's thread pool, by command path: how many threads it may start (UV_THREADPOOL_SIZE, read
 * when the pool first gets work, which no command gives it before its action). `security check`
 * hashes each secret it finds with scrypt on the pool, and glibc gives every pool thread a malloc
 * arena that keeps its last hash's 2 MiB; with Node's 4 threads, a short scan had warmed fewer
 * arenas than a long one, and its peak was 5–8 MB lower (bench/RESULTS.md). With as many threads as
 * the cores beside the main thread, the main thread still parses while the pool hashes. A value the
 * user set is kept.
 */
const POOL_THREADS: Readonly<Record<string, () => number>> = {
  'security check': () => Math.min(4, Math.max(1, availableParallelism() - 1)),
};

function availableParallelism(): number {
  return process.getBuiltinModule('node:os').availableParallelism();
}

/** The pool size `command` asks for, or undefined for Node's default. */
export function poolThreadsFor(command: string, env: NodeJS.ProcessEnv = process.env): number | undefined {
  if (env.UV_THREADPOOL_SIZE !== undefined) return undefined;
  return POOL_THREADS[command]?.();
}

/** Apply the flags of `command` to this process (see above); main() calls it before the action. */
export async function tuneRuntime(command: string): Promise<void> {
  const threads = poolThreadsFor(command);
  if (threads !== undefined) process.env.UV_THREADPOOL_SIZE = String(threads);
  const { atStart, atFirstConnection } = v8FlagsFor(command);
  // Loaded here, not at the top (--help and --version never need it), and before any flag is set.
  const { subscribe, unsubscribe } = await import('node:diagnostics_channel');
  setFlags(atStart);
  const apply = () => {
    unsubscribe(FIRST_CONNECTION, apply);
    setFlags(atFirstConnection);
  };
  subscribe(FIRST_CONNECTION, apply);
}
