// `npm run bench`: run every bench/*.bench.mjs and rewrite bench/RESULTS.md (CI does not run this).
// Optional arguments select benchmarks by file name, e.g. `npm run bench -- startup`.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { machine } from './lib.mjs';

const dir = new URL('.', import.meta.url).pathname;
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
// Keep the sections of benchmarks not rerun this time (each carries its own date line).
const sections = new Map();
const resultsPath = join(dir, 'RESULTS.md');
if (existsSync(resultsPath)) {
  for (const part of readFileSync(resultsPath, 'utf8').split(/^## /m).slice(1)) {
    sections.set(part.split('\n')[0].trim(), `## ${part.trimEnd()}\n`);
  }
}
for (const f of files) {
  const mod = await import(join(dir, f));
  process.stderr.write(`bench: ${mod.title} (${f})\n`);
  const body = await mod.run();
  sections.set(
    mod.title,
    `## ${mod.title}\n\nMeasured ${new Date().toISOString().slice(0, 16)}Z on ${machine()}.\n\n${body}\n`,
  );
}
const header = [
  '# Benchmark results',
  '',
  `Machine: ${machine()}`,
  `Date: ${new Date().toISOString().slice(0, 10)}`,
  '',
  'Medians from hyperfine unless stated; each ratio is against the floor measured in the same run.',
  'Reproduce with `npm run build && npm run bench`. These machines are shared and noisy: compare ratios, not absolute times.',
  '',
].join('\n');
writeFileSync(resultsPath, `${header}\n${[...sections.values()].join('\n')}`);
process.stderr.write('bench: wrote bench/RESULTS.md\n');
