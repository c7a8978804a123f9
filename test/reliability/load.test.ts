// Load: 50 concurrent clients (one keep-alive TLS connection each) doing mixed reads and writes for a
// bounded time against a spawned emulator: no 5xx, no network error, no lost write (each client owns
// its secrets, so the stored version of each must equal the writes the client saw acknowledged).
// The 60-second figure with latency percentiles comes from bench/load.bench.mjs; this stays short.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { apiRequest } from '../helpers/api-request.js';
import { type EmulatorHandle, startEmulator } from '../helpers/emulator.js';

const CLIENTS = 50;
const SECONDS = Number(process.env.FIB_LOAD_SECONDS ?? 10);
let emu: EmulatorHandle | undefined;
afterAll(async () => {
  await emu?.stop();
});

interface Tally {
  statuses: Map<number, number>;
  networkErrors: number;
  /** Acknowledged writes per secret name. */
  writes: Map<string, number>;
  requests: number;
}

async function client(e: EmulatorHandle, id: number, until: number, t: Tally): Promise<void> {
  const agent = new Agent({
    connections: 1,
    connect: { ca: readFileSync(e.caCertPath), minVersion: 'TLSv1.3' },
  });
  const headers = { authorization: `Bearer ${e.ownerKey}`, 'content-type': 'application/json' };
  const names = [0, 1, 2].map((k) => `LOAD_${id}_${k}`);
  try {
    for (let i = 0; Date.now() < until; i++) {
      const name = names[i % names.length] as string;
      // Mixed: 3 of 10 requests write, the rest read one secret or list the scope.
      const op = i % 10;
      const write = op < 3 || !t.writes.has(name);
      const path = op === 9 ? '/api/v1/secrets' : `/api/v1/secrets/${name}`;
      try {
        const res = await request(new URL(write ? `/api/v1/secrets/${name}` : path, e.url), {
          method: write ? 'PUT' : 'GET',
          headers,
          body: write ? JSON.stringify({ value: `v${i}-${'x'.repeat(i % 64)}` }) : undefined,
          dispatcher: agent,
        });
        await res.body.dump();
        t.requests++;
        t.statuses.set(res.statusCode, (t.statuses.get(res.statusCode) ?? 0) + 1);
        if (write && res.statusCode < 300) t.writes.set(name, (t.writes.get(name) ?? 0) + 1);
      } catch {
        t.networkErrors++;
      }
    }
  } finally {
    await agent.close();
  }
}

describe(`${CLIENTS} concurrent clients for ${SECONDS} s`, () => {
  it(
    'no 5xx, no network error, no lost write',
    async () => {
      emu = await startEmulator({ timeoutMs: 60_000, env: { FIBONACCI_EMULATOR_RATE_LIMIT: '100000000' } });
      const e = emu;
      const t: Tally = { statuses: new Map(), networkErrors: 0, writes: new Map(), requests: 0 };
      const until = Date.now() + SECONDS * 1000;
      await Promise.all(Array.from({ length: CLIENTS }, (_, id) => client(e, id, until, t)));

      const statuses = Object.fromEntries(t.statuses);
      expect(t.networkErrors).toBe(0);
      expect(
        Object.keys(statuses).every((s) => [200, 201].includes(Number(s))),
        JSON.stringify(statuses),
      ).toBe(true);
      expect(t.requests).toBeGreaterThan(CLIENTS * 5);

      const list = await apiRequest(e, 'GET', '/api/v1/secrets');
      const stored = new Map(
        (list.body as { secrets: Array<{ name: string; version: number }> }).secrets.map((s) => [
          s.name,
          s.version,
        ]),
      );
      expect(stored.size).toBe(t.writes.size);
      for (const [name, count] of t.writes) expect(stored.get(name), name).toBe(count);
    },
    60_000 + SECONDS * 1000,
  );
});
