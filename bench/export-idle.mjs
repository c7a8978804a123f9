// Preload for one export run of the benchmark (`node --import ./bench/export-idle.mjs bin/…`): how
// long the server waits for the CLI between pages, i.e. from the end of each response to the
// creation of the next request, through undici's diagnostics channels. Printed on stderr at exit as
// `idle: <gaps> <total ms> <median ms>`. CPU work the CLI does in that gap is what pipelining saves;
// unlike the wall clock, load on the host barely moves the median.
import { subscribe } from 'node:diagnostics_channel';

const gaps = [];
let lastEnd = null;
subscribe('undici:request:create', () => {
  if (lastEnd !== null) gaps.push(performance.now() - lastEnd);
  lastEnd = null;
});
subscribe('undici:request:trailers', () => {
  lastEnd = performance.now();
});
process.on('exit', () => {
  const sorted = [...gaps].sort((a, b) => a - b);
  const total = gaps.reduce((a, b) => a + b, 0);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  process.stderr.write(`idle: ${gaps.length} ${total.toFixed(0)} ${median.toFixed(3)}\n`);
});
