// Start-up: `fibonacci --version` and `--help` against the floor `node -e 0`, in the same run.
// Target (issue 2): within 1.15× of the floor, medians of at least 10 runs.
import { fmt, hyperfine, ratio } from './lib.mjs';

export const title = 'Start-up';

export function run() {
  const node = process.execPath;
  const results = hyperfine(
    [
      { name: 'node -e 0 (floor)', cmd: `${node} -e 0` },
      { name: 'fibonacci --version', cmd: `${node} bin/fibonacci.cjs --version` },
      { name: 'fibonacci --help', cmd: `${node} bin/fibonacci.cjs --help` },
    ],
    { runs: 30, warmup: 5 },
  );
  const floor = results[0].median_ms;
  const rows = results.map(
    (r) =>
      `| ${r.name} | ${fmt(r.median_ms)} | ±${fmt(r.stddev_ms)} | ${r.runs} | ${ratio(r.median_ms, floor)} |`,
  );
  return [
    '| command | median | stddev | runs | vs floor |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    'Target: `--version` and `--help` within 1.15× of `node -e 0`.',
  ].join('\n');
}
