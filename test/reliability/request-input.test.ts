// Items 13 and 15 of the adversarial review, against a spawned emulator over TLS 1.3. A body that
// is not UTF-8 is refused on every body-taking route (it used to be decoded with U+FFFD and
// stored); the access log holds no query string and nothing shaped like a key.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPTIONAL_POLICIES, POLICIES } from '../../src/emulator/policy.js';
import { apiRequest } from '../helpers/api-request.js';
import { type EmulatorHandle, startEmulator } from '../helpers/emulator.js';

let emu: EmulatorHandle;
let agent: Agent;
let db: Database.Database;
let superuser: string;
const at = { org: '', wf: '' };

beforeAll(async () => {
  emu = await startEmulator({ env: { ENABLE_DEVELOPER_ROUTES: 'true' }, timeoutMs: 60_000 });
  agent = new Agent({ connect: { ca: readFileSync(emu.caCertPath), minVersion: 'TLSv1.3' } });
  db = new Database(join(emu.dataDir, 'emulator.db'), { readonly: true });
  superuser = await emu.addUser('owner', ['--superuser']);
  at.org = (
    (await apiRequest(emu, 'GET', '/api/v1/auth/me')).body as { organization_id: string }
  ).organization_id;
  at.wf = (
    (await apiRequest(emu, 'POST', '/api/v1/workflows', { body: { name: 'utf8/run' } })).body as {
      id: string;
    }
  ).id;
  await apiRequest(emu, 'PUT', '/api/v1/secrets/ROTATED', { body: { value: 'v' } });
}, 90_000);
afterAll(async () => {
  db?.close();
  await agent?.close();
  await emu?.stop();
});

/** Every table, audit log included, as JSON; api_keys without last_used_at (every request sets it). */
function snapshot(): string {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{
    name: string;
  }>;
  const rows = tables.map(({ name }) =>
    (db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all() as Array<Record<string, unknown>>).map(
      ({ last_used_at, ...row }) => (name === 'api_keys' ? row : { last_used_at, ...row }),
    ),
  );
  return JSON.stringify(rows, (_k, v) => (Buffer.isBuffer(v) ? v.toString('hex') : v));
}

async function send(
  method: string,
  path: string,
  body: Buffer | string,
  key = emu.ownerKey,
  type = 'application/json',
) {
  const headers = { authorization: `Bearer ${key}`, 'content-type': type };
  const res = await agent.request({ origin: emu.url, path, method: method as 'POST', headers, body });
  return { status: res.statusCode, body: (await res.body.json()) as { detail: unknown } };
}

/** A body each route would store, with `S` where bytes go; `%` in paths is filled in below. */
const TEMPLATES: Record<string, { path: string; body: string; key?: () => string }> = {
  'POST /api/v1/api-keys': { path: '/api/v1/api-keys', body: '{"name":"kS","scopes":["read"]}' },
  'POST /api/v1/dev/shell': { path: '/api/v1/dev/shell', body: '{"command":"lsS"}', key: () => superuser },
  'PATCH /api/v1/organizations/:id/governance': {
    path: 'ORG/governance',
    body: '{"category_flags":{"fS":true}}',
  },
  'PATCH /api/v1/organizations/:id/quota': { path: 'ORG/quota', body: '{"memory_mb":"S"}' },
  'PUT /api/v1/organizations/:id/access-policy': {
    path: 'ORG/access-policy',
    body: '{"access_control":{"enabled":false,"roles":[{"name":"r","permissions":["read"],"description":"S"}]}}',
  },
  'POST /api/v1/organizations/:id/access-policy/check': {
    path: 'ORG/access-policy/check',
    body: '{"action":"read","resource":"workflows/S"}',
  },
  'PATCH /api/v1/organizations/:id/members/:user_id': {
    path: 'ORG/members/user-nobody',
    body: '{"role":"S"}',
  },
  'PUT /api/v1/secrets/:name': { path: '/api/v1/secrets/UTF8', body: '{"value":"S"}' },
  'PUT /api/v1/secrets/:name/rotation': {
    path: '/api/v1/secrets/ROTATED/rotation',
    body: '{"enabled":false,"S":1}',
  },
  'POST /api/v1/workflows': { path: '/api/v1/workflows', body: '{"name":"utf8/x","description":"S"}' },
  'POST /api/v1/workflows/:id/execute': { path: 'WF/execute', body: '{"input_data":{"t":"S"}}' },
};
const BODY_ROUTES = [...POLICIES, ...OPTIONAL_POLICIES].filter((p) =>
  ['POST', 'PUT', 'PATCH'].includes(p.method),
);
const BAD_UTF8: Record<string, number[]> = {
  'stray 0xFF': [0xff],
  'overlong /': [0xc0, 0xaf],
  'overlong NUL': [0xe0, 0x80, 0x80],
  'lone surrogate ED A0 80': [0xed, 0xa0, 0x80],
  'above U+10FFFF': [0xf4, 0x90, 0x80, 0x80],
  'truncated sequence': [0xe2, 0x82],
  'bare continuation byte': [0x80],
};

function bodyWith(template: string, bytes: number[]): Buffer {
  const [before, after] = template.split('S') as [string, string];
  return Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]);
}
function target(t: { path: string }): string {
  return t.path.replace('ORG', `/api/v1/organizations/${at.org}`).replace('WF', `/api/v1/workflows/${at.wf}`);
}

describe('review item 13: a body that is not UTF-8 is a 400, and nothing is stored', () => {
  it.each(BODY_ROUTES.map((p) => [`${p.method} ${p.url}`] as const))('%s', async (route) => {
    const t = TEMPLATES[route];
    expect(t, `no UTF-8 template for ${route}: add one`).toBeDefined();
    const [method] = route.split(' ') as [string];
    for (const [label, bytes] of Object.entries(BAD_UTF8)) {
      const before = snapshot();
      const res = await send(method, target(t!), bodyWith(t!.body, bytes), t!.key?.());
      expect(res, label).toEqual({ status: 400, body: { detail: 'request body is not valid UTF-8' } });
      expect(snapshot(), `${label} changed state`).toBe(before);
    }
    // The same body with a valid character in the slot gets the route's own answer: the bytes were the problem.
    const ok = await send(method, target(t!), bodyWith(t!.body, [0xc3, 0xa9]), t!.key?.());
    expect(ok.status, JSON.stringify(ok.body)).not.toBe(400);
  });

  it('a lone surrogate spelled as a JSON escape is a 422 at its place, and nothing is stored', async () => {
    const before = snapshot();
    const res = await send('POST', '/api/v1/workflows', '{"name":"utf8/s","description":"a\\ud800b"}');
    expect(res.status).toBe(422);
    expect(res.body.detail).toEqual([
      {
        loc: ['body', 'description'],
        msg: expect.stringContaining('lone surrogate'),
        type: 'string_unicode',
      },
    ]);
    const key = await send('POST', `/api/v1/workflows/${at.wf}/execute`, '{"input_data":{"\\udc00":1}}');
    expect(key.status).toBe(422);
    expect(snapshot()).toBe(before);
  });

  it('a body in another media type is a 415', async () => {
    const res = await send('PUT', '/api/v1/secrets/PLAIN', '{"value":"x"}', emu.ownerKey, 'text/plain');
    expect(res).toEqual({ status: 415, body: { detail: 'Unsupported Media Type' } });
  });
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
          'GET /api/v1/secrets/[REDACTED] 422',
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
