/**
 * V8 settings, the one place the CLI tunes its runtime. main() applies them once commander knows
 * which command runs, just before its action. Each flag stays only while a benchmark shows it pays:
 * docs/architecture.md ("Start-up work") has the figures, and bench/variants.mjs builds the CLI
 * without each one so `npm run bench` measures it off against on.
 *
 * Set at run time, never as flags in bin/fibonacci.cjs, and never for `--help` or `--version`
 * (which run no action): V8 rejects a code cache made under other flags, and the bundle's cache is
 * written by a `--help` run (scripts/code-cache.cjs). Both flags are read when they matter (when
 * WebAssembly tiers up, when the young generation would grow), so setting them this late takes
 * effect; they last until the process ends.
 */
import { setFlagsFromString } from 'node:v8';

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

/** Apply the flags of `command` to this process; main() calls it before the command's action. */
export function tuneRuntime(command: string): void {
  for (const flag of v8FlagsFor(command)) setFlagsFromString(flag);
}
