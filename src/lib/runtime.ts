/**
 * V8 settings, the one place the CLI tunes its runtime. main() hands it the command once commander
 * knows which one runs; the flags themselves are set when the process opens its first connection.
 * Each flag stays only while a benchmark shows it pays: docs/architecture.md ("Start-up work") has
 * the figures, and bench/variants.mjs builds the CLI without each one so `npm run bench` measures
 * it off against on.
 *
 * Why that late: V8 checks every code cache against a hash of its flags. Set before a module
 * loads, a flag makes V8 reject the cache it would load from: Node's own cache of its built-in
 * modules (undici's tls, http and crypto cost 20 ms more), and the bundle's, which the build writes
 * from a `--help` run (scripts/code-cache.cjs) and bin/fibonacci.cjs loads. So never as flags in
 * bin/, never for --help or --version, and not when the action starts: undici publishes
 * `undici:client:beforeConnect` once it and every built-in module a request needs have loaded, and
 * compiles its WebAssembly parser only after that connection is up. Both flags are read when they
 * matter (when that parser compiles, when the young generation would grow); they last until exit.
 */
import { setFlagsFromString } from 'node:v8';

/** The diagnostics channel undici publishes on before each connection (undici 7). */
export const FIRST_CONNECTION = 'undici:client:beforeConnect';

/**
 * For every command. undici parses HTTP with llhttp compiled to WebAssembly, and V8's optimising
 * tier recompiles it in the background: a short command never gains from that, yet its exit waits
 * for the compile, and a long export pays for the compiler's memory. The baseline tier is plenty
 * for a few header bytes per response.
 */
const EVERY_COMMAND: readonly string[] = ['--liftoff-only'];

/**
 * For one command, by its path. V8 doubles the young generation each time enough objects have
 * survived since the last growth, which a long export always reaches, so its peak memory grew with
 * its length; at 1 it keeps its initial size. Not for every command: the emulator's server spends
 * more CPU per request with the smaller young generation.
 */
const BY_COMMAND: Readonly<Record<string, readonly string[]>> = {
  'audit export': ['--semi-space-growth-factor=1'],
};

/** The V8 flags for a command given by its path (`audit export`). */
export function v8FlagsFor(command: string): string[] {
  return [...EVERY_COMMAND, ...(BY_COMMAND[command] ?? [])];
}

/**
 * Apply the flags of `command` to this process when it first connects (see above); main() calls it
 * before the command's action. A command that never connects runs with V8's defaults.
 */
export async function tuneRuntime(command: string): Promise<void> {
  // Loaded here, not at the top: --help and --version never need it.
  const { subscribe, unsubscribe } = await import('node:diagnostics_channel');
  const apply = () => {
    unsubscribe(FIRST_CONNECTION, apply);
    for (const flag of v8FlagsFor(command)) setFlagsFromString(flag);
  };
  subscribe(FIRST_CONNECTION, apply);
}
