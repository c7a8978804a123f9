// Shared helpers for the benchmarks: hyperfine runs and a description of the machine.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { spawnEmulator } from '../scripts/spawn-emulator.mjs';

/**
 * Run hyperfine over named commands; returns [{ name, median_ms, mean_ms, stddev_ms, cpu_ms, runs }],
 * cpu_ms being the mean user + system time, which other load on the host disturbs less than the wall clock.
 */
export function hyperfine(commands, { runs = 20, warmup = 3 } = {}) {
  const out = join(mkdtempSync(join(tmpdir(), 'fib-bench-')), 'h.json');
  const args = [
    '--style',
    'none',
    '--runs',
    String(runs),
    '--warmup',
    String(warmup),
    '--export-json',
    out,
    '-N',
  ];
  for (const c of commands) args.push(`--command-name=${c.name}`, c.cmd);
  const r = spawnSync('hyperfine', args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('hyperfine failed (apt-get install hyperfine)');
  const json = JSON.parse(readFileSync(out, 'utf8'));
  return json.results.map((x) => ({
    name: x.command,
    median_ms: x.median * 1000,
    mean_ms: x.mean * 1000,
    stddev_ms: (x.stddev ?? 0) * 1000,
    cpu_ms: (x.user + x.system) * 1000,
    runs: x.times.length,
  }));
}

/** One line describing the machine for RESULTS.md. */
export function machine() {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  let os = 'Linux';
  try {
    os = execFileSync('sh', ['-c', '. /etc/os-release && echo "$PRETTY_NAME"'], { encoding: 'utf8' }).trim();
  } catch {}
  return `${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${os}, Node ${process.version}`;
}

export const fmt = (ms) => `${ms.toFixed(1)} ms`;
export const ratio = (a, b) => `${(a / b).toFixed(2)}×`;

/**
 * Start the emulator (scripts/spawn-emulator.mjs) in `dataDir`; resolves with { child, url } once it
 * listens. `rateLimit` raises the per-key limit out of the way.
 */
export function startEmulator(dataDir, { rateLimit } = {}) {
  const args = rateLimit === undefined ? [] : ['--rate-limit', String(rateLimit)];
  return spawnEmulator(dataDir, { args });
}
