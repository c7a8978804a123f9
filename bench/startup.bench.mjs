// Start-up: `fibonacci --version` and `--help` against the floor `node -e 0`, in the same run, and
// each start-up trick off against on (bench/variants.mjs builds the CLI without it). Target: within
// 1.15× of the floor. Wall-clock medians on a shared 2-core box move by ±20%, so the same commands
// are also counted in instructions (valgrind's callgrind, the median of three runs), which repeat to
// within about 1% whatever else the machine does.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fmt, hyperfine, ratio } from './lib.mjs';
import { buildVariant, removeVariants } from './variants.mjs';

export const title = 'Start-up';

const CLI = 'bin/fibonacci.cjs';

/** What is timed: argv after `node`; `variant` names the build without one trick (else the real one). */
const ROWS = [
  { name: 'node -e 0 (floor)', args: ['-e', '0'] },
  { name: 'fibonacci --version', args: ['--version'] },
  {
    name: '--version, answered by commander (no fast path in main())',
    variant: 'no bare --version in main()',
    args: ['--version'],
  },
  { name: 'fibonacci --help', args: ['--help'] },
  {
    name: '--help, without the static table (the bundle answers)',
    variant: 'no static table',
    args: ['--help'],
  },
  { name: 'fibonacci completion bash', args: ['completion', 'bash'] },
  {
    name: 'completion bash, without the static table',
    variant: 'no static table',
    args: ['completion', 'bash'],
  },
  { name: '--help, without the code cache', variant: 'no code cache', args: ['--help'] },
  { name: '--help, child_process loaded at start', variant: 'eager child_process', args: ['--help'] },
  { name: 'fibonacci secret --help', args: ['secret', '--help'] },
  {
    name: 'secret --help, the secret noun alone (the partial tree, removed)',
    variant: 'only the secret noun',
    args: ['secret', '--help'],
  },
];

/** Instructions executed by `node …args` (the median of three runs), or null without valgrind. */
function instructions(args) {
  const counts = [];
  for (let i = 0; i < 3; i++) {
    const r = spawnSync(
      'valgrind',
      ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, ...args],
      { encoding: 'utf8' },
    );
    const m = /Collected : (\d+)/.exec(r.stderr ?? '');
    if (!m) return null;
    counts.push(Number(m[1]));
  }
  return counts.sort((a, b) => a - b)[1];
}

/** The host's 1, 5 and 15 min load averages: how busy the shared machine was. */
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

export async function run() {
  const node = process.execPath;
  const loadBefore = load();
  const bins = new Map();
  // As in the request bench: Node 20 loads NODE_EXTRA_CA_CERTS (and its ~140 roots with it) before
  // `-e 0` runs, 420M instructions in every row, floor included; most machines do not set it.
  const extraCa = process.env.NODE_EXTRA_CA_CERTS;
  delete process.env.NODE_EXTRA_CA_CERTS;
  try {
    for (const r of ROWS)
      if (r.variant && !bins.has(r.variant)) bins.set(r.variant, await buildVariant(r.variant));
    const argvOf = (r) => (r.args[0] === '-e' ? r.args : [r.variant ? bins.get(r.variant) : CLI, ...r.args]);
    // The floor is measured before and after the CLI and averaged, so drift on a shared host during
    // the run does not land on one side only.
    const commands = ROWS.map((r) => ({ name: r.name, cmd: [node, ...argvOf(r)].join(' ') }));
    const measured = hyperfine([...commands, { ...commands[0], name: 'node -e 0 (floor, again)' }], {
      runs: 40,
      warmup: 5,
    });
    const after = measured.pop();
    const floor = (measured[0].median_ms + after.median_ms) / 2;
    const floorCpu = (measured[0].cpu_ms + after.cpu_ms) / 2;
    measured[0] = {
      ...measured[0],
      name: `node -e 0 (floor: ${fmt(measured[0].median_ms)} before, ${fmt(after.median_ms)} after)`,
      median_ms: floor,
      cpu_ms: floorCpu,
    };
    const counts = ROWS.map((r) => instructions(argvOf(r)));
    const loadAfter = load();
    const rows = measured.map((r, i) => {
      const count = counts[i];
      const inst =
        count === null || counts[0] === null
          ? '-'
          : `${(count / 1e6).toFixed(0)}M (${ratio(count, counts[0])})`;
      return `| ${r.name} | ${fmt(r.median_ms)} | ±${fmt(r.stddev_ms)} | ${r.runs} | ${ratio(r.median_ms, floor)} | ${fmt(r.cpu_ms)} | ${inst} |`;
    });
    return [
      '| command | median | stddev | runs | vs floor | CPU (mean) | instructions (vs floor) |',
      '|---|---|---|---|---|---|---|',
      ...rows,
      '',
      `Host load average (1, 5, 15 min): ${loadBefore} before, ${loadAfter} after.`,
      '',
      'Target: `--version` and `--help` within 1.15× of `node -e 0`. A row with a comma is the CLI built without',
      'one start-up trick (bench/variants.mjs), timed in the same run as the real build; no variant has the',
      'static table (dist/cli.static), so each `--help` variant is against the row without it. On this host ~10.7M',
      'instructions are 1 ms of CPU (`node -e 0`); wall-clock ratios of the same build range by ±20% from run',
      'to run while the instruction counts move by about 1%. NODE_EXTRA_CA_CERTS is unset for every row, as in',
      'the request table.',
    ].join('\n');
  } finally {
    if (extraCa !== undefined) process.env.NODE_EXTRA_CA_CERTS = extraCa;
    removeVariants();
  }
}
