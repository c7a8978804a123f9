// One request: `auth status`, `secret list` and `secret set` (start-up, key resolution, TLS 1.3
// handshake, the request, output) against `node -e 0` plus `curl` of the same endpoint with --cacert,
// the floors for one HTTPS request from a fresh process; `--help` and `completion bash` against
// `node -e 0` alone. Both run against a local emulator; the key reaches curl through
// a header file (-H @file) and the CLI through FIBONACCI_API_KEY, never argv.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, hyperfine, ratio, startEmulator } from './lib.mjs';

export const title = 'One request';

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
    // hyperfine's children inherit this environment (no shell: -N).
    Object.assign(process.env, {
      FIBONACCI_BASE_URL: emu.url,
      FIBONACCI_CA_CERT: ca,
      FIBONACCI_API_KEY: key,
      XDG_CONFIG_HOME: join(dir, 'config'),
    });
    const value = join(dir, 'value');
    writeFileSync(value, 'bench-value', { mode: 0o600 });
    const curl = (path) => `curl -sSf --tlsv1.3 --cacert ${ca} -H @${headers} -o /dev/null ${emu.url}${path}`;
    const cli = `${process.execPath} bin/fibonacci.cjs`;
    // Alternating floors and commands in one hyperfine run, so drift lands on both sides.
    const results = hyperfine(
      [
        { name: 'node -e 0', cmd: `${process.execPath} -e 0` },
        { name: 'curl GET /api/v1/auth/me', cmd: curl('/api/v1/auth/me') },
        { name: 'fibonacci auth status', cmd: `${cli} auth status` },
        { name: 'curl GET /api/v1/secrets', cmd: curl('/api/v1/secrets?environment=development') },
        { name: 'fibonacci secret list', cmd: `${cli} secret list --env development` },
        // hyperfine 1.15 has no --input: stdin comes through sh, whose own start is the row below.
        { name: 'sh -c : (shell alone)', cmd: 'sh -c :' },
        { name: 'fibonacci secret set (stdin, via sh)', cmd: `sh -c '${cli} secret set BENCH --env development < ${value}'` },
        { name: 'fibonacci --help', cmd: `${cli} --help` },
        { name: 'fibonacci completion bash', cmd: `${cli} completion bash` },
      ],
      { runs: 30, warmup: 3 },
    );
    const by = Object.fromEntries(results.map((r) => [r.name, r.median_ms]));
    const node = by['node -e 0'];
    const goal = (name, curlName, extra = 0) => {
      const limit = node + by[curlName] + 30 + extra;
      return `| ${name} | ${fmt(by[name])} | ${fmt(limit)} | ${by[name] <= limit ? 'met' : 'not met'} |`;
    };
    return [
      '| command | median | stddev | runs | vs node -e 0 |',
      '|---|---|---|---|---|',
      ...results.map(
        (r) => `| ${r.name} | ${fmt(r.median_ms)} | ±${fmt(r.stddev_ms)} | ${r.runs} | ${ratio(r.median_ms, node)} |`,
      ),
      '',
      'Goals (same run): a one-request command ≤ `node -e 0` + curl of the same request + 30 ms; a command',
      'without a request ≤ 1.15× `node -e 0`.',
      '',
      '| command | median | limit | goal |',
      '|---|---|---|---|',
      goal('fibonacci auth status', 'curl GET /api/v1/auth/me'),
      goal('fibonacci secret list', 'curl GET /api/v1/secrets'),
      // A PUT: curl's GET stands in for the request; sh's start is allowed for the redirect.
      goal('fibonacci secret set (stdin, via sh)', 'curl GET /api/v1/secrets', by['sh -c : (shell alone)']),
      ...['fibonacci --help', 'fibonacci completion bash'].map(
        (n) => `| ${n} | ${fmt(by[n])} | ${fmt(node * 1.15)} | ${by[n] <= node * 1.15 ? 'met' : 'not met'} |`,
      ),
      '',
      'Each CLI row is one process from start to exit against a local emulator (TLS 1.3), the key in',
      'FIBONACCI_API_KEY; curl gets the same key from a header file.',
    ].join('\n');
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    emu.child.kill('SIGTERM');
    await new Promise((r) => emu.child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}
