// Item 15 of the adversarial review, against a spawned emulator over TLS 1.3: the access log holds
// no query string and nothing shaped like a key.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest, type EmulatorHandle, startEmulator } from '../helpers/emulator.js';

let emu: EmulatorHandle;
let agent: Agent;
let db: Database.Database;

beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
  agent = new Agent({ connect: { ca: readFileSync(emu.caCertPath), minVersion: 'TLSv1.3' } });
  db = new Database(join(emu.dataDir, 'emulator.db'), { readonly: true });
}, 90_000);
afterAll(async () => {
  db?.close();
  await agent?.close();
  await emu?.stop();
});

describe('review item 15: the access log keeps no query string and nothing shaped like a key', () => {
  it('a key in a query string or a path, plain or percent-encoded, never reaches the log or an event', async () => {
    const key = emu.ownerKey;
    const encoded = key.replace(/_/g, '%5F');
    const paths = [
      `/api/v1/secrets?api_key=${key}`,
      `/api/v1/auth/me?token=${key}&x=1`,
      `/api/v1/secrets/${key}`,
      `/api/v1/secrets/${encoded}`,
      '/api/v1/secrets/Bearer%20opaqueToken12345',
      `/nowhere/${key}`,
    ];
    for (const path of paths)
      await agent
        .request({ origin: emu.url, path, method: 'GET', headers: { authorization: `Bearer ${key}` } })
        .then((r) => r.body.dump());
    // A refused key with a key in the path: the auth.failed event records the path too.
    await apiRequest(emu, 'GET', `/api/v1/secrets/${key}`, { key: 'fib_test_wrong' });

    // A line is written once its response is sent, so the test may read before it lands: poll.
    const logged = () => emu.accessLog().map((l) => `${l.method} ${l.url} ${l.status}`);
    await expect
      .poll(logged, { timeout: 30_000 })
      .toEqual(
        expect.arrayContaining([
          'GET /api/v1/secrets 200',
          'GET /api/v1/auth/me 200',
          'GET /api/v1/secrets/[REDACTED] 404',
          'GET /api/v1/secrets/[REDACTED] 401',
          'GET /nowhere/[REDACTED] 404',
        ]),
      );
    const log = emu.stderr();
    const lines = emu.accessLog();
    expect(lines.filter((l) => l.url.includes('?'))).toEqual([]);
    // An unknown key belongs to no organization, so its event is read from the store.
    const events = JSON.stringify(
      db.prepare("SELECT * FROM audit_events WHERE event_type = 'auth.failed'").all(),
    );
    expect(events).toContain('/api/v1/secrets/[REDACTED]');
    for (const text of [log, events]) {
      for (let i = 0; i + 16 <= key.length - 9; i += 4)
        expect(text).not.toContain(key.slice(9 + i, 9 + i + 16));
      expect(text).not.toContain(encoded.slice(0, 30));
      expect(text).not.toContain('opaqueToken12345');
    }
  });
});
