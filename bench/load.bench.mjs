// Load: 50 concurrent clients, each on its own keep-alive TLS 1.3 connection, doing mixed
// reads and writes against a local emulator over loopback for 60 s (FIB_LOAD_SECONDS to change it):
// 3 in 10 requests PUT a secret the client owns, 6 read one, 1 lists the scope. Records p50/p99
// latency and requests per second, and checks no 5xx, no network error and no lost write (each
// secret's stored version equals the writes its client saw acknowledged).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { fmt, startEmulator } from './lib.mjs';

export const title = 'Load';

const CLIENTS = 50;
const SECONDS = Number(process.env.FIB_LOAD_SECONDS ?? 60);

async function client(base, ca, key, id, until, t) {
  const agent = new Agent({ connections: 1, connect: { ca, minVersion: 'TLSv1.3' } });
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const names = [0, 1, 2].map((k) => `LOAD_${id}_${k}`);
  for (let i = 0; Date.now() < until; i++) {
    const name = names[i % 3];
    const op = i % 10;
    const write = op < 3 || !t.writes.has(name);
    const path = write || op < 9 ? `/api/v1/secrets/${name}` : '/api/v1/secrets';
    const started = performance.now();
    try {
      const res = await request(new URL(path, base), {
        method: write ? 'PUT' : 'GET',
        headers,
        body: write ? JSON.stringify({ value: `v${i}` }) : undefined,
        dispatcher: agent,
      });
      await res.body.dump();
      t.latencies.push(performance.now() - started);
      t.statuses.set(res.statusCode, (t.statuses.get(res.statusCode) ?? 0) + 1);
      if (write && res.statusCode < 300) t.writes.set(name, (t.writes.get(name) ?? 0) + 1);
    } catch {
      t.networkErrors++;
    }
  }
  await agent.close();
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];

/** Run the load and return its figures (also used by docs/reliability.md's command). */
export async function measure(seconds = SECONDS) {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'fib-load-')), 'data');
  const emu = await startEmulator(dataDir, { rateLimit: 100000000 });
  try {
    const key = readFileSync(join(dataDir, 'owner-key'), 'utf8').trim();
    const ca = readFileSync(join(dataDir, 'ca.pem'));
    const t = { latencies: [], statuses: new Map(), writes: new Map(), networkErrors: 0 };
    const started = performance.now();
    const until = Date.now() + seconds * 1000;
    await Promise.all(Array.from({ length: CLIENTS }, (_, id) => client(emu.url, ca, key, id, until, t)));
    const elapsed = (performance.now() - started) / 1000;
    const agent = new Agent({ connect: { ca } });
    const res = await request(new URL('/api/v1/secrets', emu.url), {
      headers: { authorization: `Bearer ${key}` },
      dispatcher: agent,
    });
    const stored = new Map((await res.body.json()).secrets.map((s) => [s.name, s.version]));
    await agent.close();
    const lost = [...t.writes].filter(([name, n]) => stored.get(name) !== n).length;
    const sorted = t.latencies.sort((a, b) => a - b);
    const errors5xx = [...t.statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
    return {
      requests: sorted.length,
      rps: sorted.length / elapsed,
      p50: pct(sorted, 50),
      p99: pct(sorted, 99),
      max: sorted.at(-1),
      errors5xx,
      networkErrors: t.networkErrors,
      writes: [...t.writes.values()].reduce((a, b) => a + b, 0),
      lost,
      statuses: Object.fromEntries(t.statuses),
      seconds,
    };
  } finally {
    emu.child.kill('SIGTERM');
    await new Promise((r) => emu.child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function run() {
  const m = await measure();
  if (m.errors5xx > 0 || m.lost > 0 || m.networkErrors > 0)
    throw new Error(`load failed: ${JSON.stringify(m)}`);
  return [
    '| clients | duration | requests | req/s | p50 | p99 | max | 5xx | network errors | writes | lost writes |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    `| ${CLIENTS} | ${m.seconds} s | ${m.requests} | ${m.rps.toFixed(0)} | ${fmt(m.p50)} | ${fmt(m.p99)} | ${fmt(m.max)} | ${m.errors5xx} | ${m.networkErrors} | ${m.writes} | ${m.lost} |`,
    '',
    `Statuses: ${JSON.stringify(m.statuses)}. Mixed load: 3 in 10 requests PUT a secret, 6 GET one, 1 lists the scope;`,
    'one keep-alive TLS 1.3 connection per client, loopback, the rate limit raised out of the way.',
  ].join('\n');
}
