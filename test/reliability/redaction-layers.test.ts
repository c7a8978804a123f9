// A key pasted into a URL stays out of the emulator's log, its audit events and the text a denial
// quotes back, however many times it was percent-encoded: the router decodes one layer, and
// `fib%255Ftest_…` then still reads `fib%5Ftest_…`, a key to anyone who decodes it once more.
// A spawned emulator over TLS 1.3; its stderr (the log) and database are read as they are.

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggablePath, MAX_DECODE_LAYERS, redactKeys } from '../../src/emulator/redact.js';
import { apiRequest } from '../helpers/api-request.js';
import { type EmulatorHandle, startEmulator } from '../helpers/emulator.js';

let emu: EmulatorHandle;
let restricted: string;
beforeAll(async () => {
  emu = await startEmulator();
  const res = await apiRequest(emu, 'POST', '/api/v1/api-keys', {
    body: { name: 'prod only', scopes: ['read', 'execute'], workflows: ['production/*'] },
  });
  expect(res.status, res.text).toBe(201);
  restricted = (res.body as { key: string }).key;
});
afterAll(() => emu?.stop());

/** `_` (and with `f`, the `f` of `fib`) percent-encoded `depth` times. */
function encoded(key: string, depth: number, alsoF = false): string {
  const layer = (pct: string) => pct.replace(/%/g, '%25');
  let underscore = '%5F';
  let f = '%66';
  for (let i = 1; i < depth; i++) {
    underscore = layer(underscore);
    f = layer(f);
  }
  const text = key.replace(/_/g, underscore);
  return alsoF ? text.replace(/^f/, f) : text;
}

/** 16-character pieces of the key's random part: any encoding of the key still holds them. */
const pieces = (key: string) => {
  const secret = key.slice('fib_test_'.length);
  return Array.from({ length: secret.length - 15 }, (_, i) => secret.slice(i, i + 16));
};

describe('a key encoded more than once is still redacted', () => {
  it('in the access log, auth.failed paths, and the 403 detail and access.denied event it provokes', async () => {
    const victim = emu.ownerKey;
    const forms = [encoded(victim, 2), encoded(victim, 3), encoded(victim, 2, true), encoded(victim, 5)];
    const details: string[] = [];
    for (const form of forms) {
      await apiRequest(emu, 'GET', `/api/v1/secrets/${form}`);
      await apiRequest(emu, 'GET', `/api/v1/secrets/${form}`, { key: 'fib_test_wrong_key_1234' });
      const denied = await apiRequest(emu, 'POST', `/api/v1/workflows/${form}/execute`, {
        key: restricted,
        body: {},
      });
      expect(denied.status).toBe(403);
      details.push(JSON.stringify(denied.body));
    }
    expect(details).toEqual(
      forms.map(() => JSON.stringify({ detail: 'API key is not allowed to access workflow [REDACTED]' })),
    );
    await expect
      .poll(() => emu.accessLog().filter((l) => l.path.includes('[REDACTED]')).length, { timeout: 30_000 })
      .toBe(3 * forms.length);

    const db = new Database(join(emu.dataDir, 'emulator.db'), { readonly: true });
    const rows = db
      .prepare("SELECT * FROM audit_events WHERE event_type IN ('auth.failed', 'access.denied')")
      .all() as Array<{ event_type: string; metadata: string }>;
    db.close();
    const denials = rows.filter((r) => r.event_type === 'access.denied').map((r) => JSON.parse(r.metadata));
    expect(denials.map((m) => [m.requested, m.reason])).toEqual(
      forms.map(() => ['[REDACTED]', 'API key is not allowed to access workflow [REDACTED]']),
    );
    const events = JSON.stringify(rows);
    for (const text of [emu.stderr(), events, ...details]) {
      for (const piece of pieces(victim)) expect(text).not.toContain(piece);
    }
  });
});

describe('redactKeys and loggablePath', () => {
  const key = 'fib_test_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

  it('redact a key at every depth of encoding up to the limit, and text that decodes further', () => {
    for (let depth = 1; depth <= MAX_DECODE_LAYERS; depth++) {
      expect(redactKeys(`workflow ${encoded(key, depth)}`), `depth ${depth}`).toBe('[REDACTED]');
      expect(loggablePath(`/api/v1/secrets/${encoded(key, depth, true)}`)).toBe('/api/v1/secrets/[REDACTED]');
    }
    // Past the limit nothing can be vouched for: replaced whole, whatever it hides.
    const deep = `%${'25'.repeat(MAX_DECODE_LAYERS)}41`; // an `A` under MAX_DECODE_LAYERS + 1 layers
    expect(redactKeys(deep)).toBe('[REDACTED]');
    expect(redactKeys(`Bearer%2520${'x'.repeat(12)}`)).toBe('[REDACTED]');
  });

  it('leave ordinary text alone, encoded or not', () => {
    for (const text of ['production/etl', 'prod%2Fetl', '100%', '%zz', 'fib_short', 'a%2520b']) {
      expect(redactKeys(text)).toBe(text);
    }
    expect(redactKeys(`plain ${key} end`)).toBe('plain [REDACTED] end');
    expect(loggablePath('/api/v1/secrets/DB_URL?environment=prod')).toBe('/api/v1/secrets/DB_URL');
  });

  it("replace a segment holding another provider's token, plain or encoded; keep ids and names", () => {
    // A token typed where a workflow name goes (hostile pass 9, H9-9); built from parts, as every
    // provider-shaped token in this repository is.
    const github = `${'ghp'}_${'aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3bC5'}`;
    expect(loggablePath(`/api/v1/workflows/${github}/execute`)).toBe('/api/v1/workflows/[REDACTED]/execute');
    expect(loggablePath(`/api/v1/workflows/t%2F${github}/execute`)).toBe(
      '/api/v1/workflows/[REDACTED]/execute',
    );
    expect(loggablePath(`/api/v1/workflows/${encoded(github, 3, true)}`)).toBe(
      '/api/v1/workflows/[REDACTED]',
    );
    for (const path of [
      '/api/v1/workflows/wf_3fa2c9d81b7e4a6f9c0d2e1b/execute',
      '/api/v1/runs/run_9c0d2e1b3fa2c9d81b7e4a6f',
      '/api/v1/workflows/production%2Fetl-2024/execute',
    ]) {
      expect(loggablePath(path)).toBe(path);
    }
  });
});
