// Crash durability: 20 clients write secrets in parallel while the emulator is SIGKILLed. Afterwards
// the database passes PRAGMA integrity_check, and after a restart every write that was acknowledged
// is there with its version and value, and so is its secret.set audit event. A write in flight at
// the kill may or may not have landed (the client never heard), so a version one above the last
// acknowledged one is accepted only for a client that had a request in flight.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Agent, request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { apiRequest } from '../helpers/api-request.js';
import { type EmulatorHandle, startEmulator } from '../helpers/emulator.js';
import { storedSecrets } from '../helpers/stored-secrets.js';

const CLIENTS = 20;
let emu: EmulatorHandle | undefined;
afterAll(async () => {
  await emu?.stop();
});

interface ClientState {
  name: string;
  /** Last acknowledged version and the value written with it. */
  acked: { version: number; value: string } | undefined;
  inFlight: boolean;
  failures: number;
}

/** PUT version after version of one secret until `stop()` says so; records what was acknowledged. */
async function writer(e: EmulatorHandle, state: ClientState, stopped: () => boolean): Promise<void> {
  const agent = new Agent({ connect: { ca: readFileSync(e.caCertPath), minVersion: 'TLSv1.3' } });
  for (let i = 1; !stopped(); i++) {
    const value = `${state.name}-value-${i}`;
    state.inFlight = true;
    try {
      const res = await request(new URL(`/api/v1/secrets/${state.name}`, e.url), {
        method: 'PUT',
        headers: { authorization: `Bearer ${e.ownerKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ value }),
        dispatcher: agent,
      });
      const body = (await res.body.json()) as { version: number };
      if (res.statusCode === 200 || res.statusCode === 201) state.acked = { version: body.version, value };
      else state.failures++;
      state.inFlight = false;
    } catch {
      // The server died under this request: it stays "in flight" (unknown outcome).
      break;
    }
  }
  await agent.destroy().catch(() => {});
}

describe('SIGKILL while 20 clients write', () => {
  it('loses no acknowledged write or audit event, and the database stays intact', async () => {
    emu = await startEmulator({ timeoutMs: 60_000 });
    const first = emu;
    const clients: ClientState[] = Array.from({ length: CLIENTS }, (_, i) => ({
      name: `DURABLE_${i}`,
      acked: undefined,
      inFlight: false,
      failures: 0,
    }));
    let killed = false;
    const writers = clients.map((c) => writer(first, c, () => killed));
    // Let every client get several writes through, then crash the server mid-stream.
    const deadline = Date.now() + 15_000;
    while (clients.some((c) => (c.acked?.version ?? 0) < 10) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await first.kill();
    killed = true;
    await Promise.all(writers);
    expect(clients.every((c) => c.failures === 0)).toBe(true);
    const acked = clients.reduce((n, c) => n + (c.acked?.version ?? 0), 0);
    expect(acked).toBeGreaterThanOrEqual(10 * CLIENTS);
    const inFlight = clients.filter((c) => c.inFlight).length;
    console.info(`durability: ${acked} acknowledged writes, ${inFlight} in flight at the SIGKILL`);

    // Integrity of the files exactly as the kill left them (opening replays the WAL, as a restart would).
    const dbPath = join(first.dataDir, 'emulator.db');
    const db = new Database(dbPath);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();

    emu = await first.restart();
    const rows = storedSecrets(emu.dataDir, { like: 'DURABLE_%' });
    const check = new Database(dbPath, { readonly: true });
    const events = check
      .prepare("SELECT metadata FROM audit_events WHERE event_type = 'secret.set'")
      .all()
      .map((r) => JSON.parse((r as { metadata: string }).metadata) as { name: string; version: number });
    check.close();

    for (const c of clients) {
      const res = await apiRequest(emu, 'GET', `/api/v1/secrets/${c.name}`);
      const version = (res.body as { version: number }).version;
      const row = rows.find((r) => r.name === c.name);
      const ackedVersion = c.acked?.version ?? 0;
      const allowed = c.inFlight ? [ackedVersion, ackedVersion + 1] : [ackedVersion];
      expect(allowed, `${c.name}: served version ${version}`).toContain(version);
      expect(row?.version).toBe(version);
      if (row && version === ackedVersion) expect(row.value).toBe(c.acked?.value);
      // Every acknowledged version has its audit event.
      for (let v = 1; v <= ackedVersion; v++) {
        expect(
          events.some((e) => e.name === c.name && e.version === v),
          `${c.name} v${v} audited`,
        ).toBe(true);
      }
    }
  }, 120_000);
});
