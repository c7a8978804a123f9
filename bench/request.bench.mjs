// One request: `fibonacci auth status` (start-up, key resolution, TLS 1.3 handshake,
// GET /api/v1/auth/me, output) against `curl` of the same endpoint with --cacert, the floor for one
// HTTPS request from a fresh process. Both run against a local emulator; the key reaches curl through
// a header file (-H @file) and the CLI through FIBONACCI_API_KEY, never argv. The CLI built without
// `--liftoff-only` (src/lib/runtime.ts; bench/variants.mjs) runs in the same hyperfine run.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, hyperfine, ratio, startEmulator } from './lib.mjs';
import { buildVariant, removeVariants } from './variants.mjs';

export const title = 'One request';

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'fib-request-'));
  const dataDir = join(dir, 'data');
  const emu = await startEmulator(dataDir, { rateLimit: 1000000 });
  const saved = { ...process.env };
  try {
    const noLiftoff = await buildVariant('no --liftoff-only');
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
    const url = `${emu.url}/api/v1/auth/me`;
    const results = hyperfine(
      [
        {
          name: 'curl (floor)',
          cmd: `curl -sSf --tlsv1.3 --cacert ${ca} -H @${headers} -o /dev/null ${url}`,
        },
        { name: 'fibonacci auth status', cmd: `${process.execPath} bin/fibonacci.cjs auth status` },
        { name: 'auth status, without --liftoff-only', cmd: `${process.execPath} ${noLiftoff} auth status` },
        { name: 'node -e 0 (start-up alone)', cmd: `${process.execPath} -e 0` },
      ],
      { runs: 30, warmup: 3 },
    );
    const floor = results[0].median_ms;
    return [
      '| command | median | stddev | runs | vs curl | CPU (mean) |',
      '|---|---|---|---|---|---|',
      ...results.map(
        (r) =>
          `| ${r.name} | ${fmt(r.median_ms)} | ±${fmt(r.stddev_ms)} | ${r.runs} | ${ratio(r.median_ms, floor)} | ${fmt(r.cpu_ms)} |`,
      ),
      '',
      'curl and the CLI each make one TLS 1.3 request to GET /api/v1/auth/me on a local emulator;',
      '`node -e 0` shows how much of the gap is Node start-up alone. The row without `--liftoff-only` is the',
      "CLI built without that flag (bench/variants.mjs): V8's optimising compile of undici's WebAssembly HTTP",
      'parser, which the process waits for at exit.',
    ].join('\n');
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    emu.child.kill('SIGTERM');
    await new Promise((r) => emu.child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
    removeVariants();
  }
}
