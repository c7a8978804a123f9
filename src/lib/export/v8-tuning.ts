/**
 * V8 settings for a long export, applied when the export starts rather than as flags in
 * bin/fibonacci.cjs: start-up flags would change V8's flag hash and make it reject the code cache
 * every other command starts from, and no other command needs them.
 *
 * Measured with `/usr/bin/time -v` (bench/RESULTS.md, "Audit export"):
 * - `--liftoff-only` (set for every command by src/lib/api/dispatcher.ts): undici's llhttp is
 *   WebAssembly; V8's optimising recompile of it took ~35 MB of an export's peak RSS.
 * - `--semi-space-growth-factor=1`: V8 doubles the young generation each time enough objects have
 *   survived since the last growth, which a long export always reaches, so peak memory grew with the
 *   export's length (16 MB semi-spaces, 32 MB in all). At 1 it stays at its initial size.
 * Both flags are read when they matter (wasm tier-up, young-generation growth), so setting them
 * after V8 has started takes effect; they last until the process ends, which follows the export.
 */
import { setFlagsFromString } from 'node:v8';

/** Keep an export's peak memory flat (see above). */
export function tuneV8ForExport(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}
