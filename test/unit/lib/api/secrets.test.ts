// lib/api/secrets.ts through the real client over undici's MockAgent: paths, queries, bodies, the
// 404 wording, the health 503, and answers that break the shape.
import { afterEach, describe, expect, it } from 'vitest';
import * as secrets from '../../../../src/lib/api/secrets.js';
import { CliError } from '../../../../src/lib/errors.js';
import { type Harness, harness } from './mock.js';

let h: Harness;
afterEach(async () => {
  await h.agent.close();
});

const META = {
  name: 'API_KEY',
  environment: 'production',
  version: 2,
  created_at: '2026-11-01T00:00:00Z',
  updated_at: '2026-11-02T00:00:00Z',
  updated_by: 'user-1',
  rotation: null,
};
const REQ = { 'x-request-id': 'req_abc' };

async function rejection(p: Promise<unknown>): Promise<CliError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  if (!(e instanceof CliError)) throw new Error(`expected a CliError, got ${String(e)}`);
  return e;
}

describe('secrets', () => {
  it('list: the scope as ?environment=, none for shared; the metadata as sent', async () => {
    h = harness();
    h.reply('GET', '/api/v1/secrets', 200, { secrets: [META] });
    h.reply('GET', '/api/v1/secrets', 200, { secrets: [] });
    expect(await secrets.list(h.client, 'production')).toEqual([META]);
    expect(await secrets.list(h.client, null)).toEqual([]);
    expect(h.seen.map((s) => `${s.method} ${s.path}`)).toEqual([
      'GET /api/v1/secrets?environment=production',
      'GET /api/v1/secrets',
    ]);
  });

  it('list: an answer that breaks the shape is one error naming the field, with the request id', async () => {
    h = harness();
    h.reply('GET', '/api/v1/secrets', 200, { secrets: [{ ...META, version: 'two' }] }, REQ);
    const e = await rejection(secrets.list(h.client, null));
    expect(e.message).toBe(
      "the server's answer to GET /api/v1/secrets is not what the API promises: /secrets/0/version: expected integer",
    );
    expect(e.requestId).toBe('req_abc');
    expect(e.exitCode).toBe(1);
  });

  it('set: PUT with the value as the only body field; a server echoing the value gets it redacted', async () => {
    h = harness();
    h.reply('PUT', '/api/v1/secrets/API_KEY', 201, META);
    expect(await secrets.set(h.client, 'API_KEY', 'production', 's3cr3t-value')).toEqual(META);
    expect(h.seen[0]).toMatchObject({
      path: '/api/v1/secrets/API_KEY?environment=production',
      body: '{"value":"s3cr3t-value"}',
    });
    h.reply('PUT', '/api/v1/secrets/API_KEY', 422, { detail: 'bad value s3cr3t-value' });
    const e = await rejection(secrets.set(h.client, 'API_KEY', null, 's3cr3t-value'));
    expect(e.message).toBe('bad value [REDACTED]');
  });

  it('remove and setRotation: a 404 is "no such secret" in the scope, with a hint and the request id', async () => {
    h = harness();
    h.reply('DELETE', '/api/v1/secrets/GONE', 404, { detail: 'secret GONE not found in shared' }, REQ);
    h.reply('PUT', '/api/v1/secrets/GONE/rotation', 404, { detail: 'Not Found' }, REQ);
    const deleted = await rejection(secrets.remove(h.client, 'GONE', null));
    expect(deleted).toMatchObject({
      message: 'no such secret GONE in shared',
      hint: '`fibonacci secret list` shows the secrets there',
      requestId: 'req_abc',
      status: 404,
      exitCode: 12,
    });
    const rotated = await rejection(secrets.setRotation(h.client, 'GONE', 'staging', { enabled: false }));
    expect(rotated).toMatchObject({
      message: 'no such secret GONE in staging',
      hint: '`fibonacci secret list --env staging` shows the secrets there',
    });
    expect(h.seen.map((s) => `${s.method} ${s.path} ${s.body ?? ''}`)).toEqual([
      'DELETE /api/v1/secrets/GONE ',
      'PUT /api/v1/secrets/GONE/rotation?environment=staging {"enabled":false}',
    ]);
  });

  it('remove: other errors pass through as they are', async () => {
    h = harness();
    h.reply('DELETE', '/api/v1/secrets/X', 403, { detail: 'role admin needed' });
    expect((await rejection(secrets.remove(h.client, 'X', null))).message).toBe(
      'not allowed: role admin needed',
    );
  });

  it('health: a 503 is the answer "unhealthy", asked once, not retried', async () => {
    h = harness();
    const sick = { status: 'unhealthy', backend: 'db', checks: { list_secrets: 'error: locked' } };
    h.reply('GET', '/api/v1/health/secrets', 503, sick);
    expect(await secrets.health(h.client)).toEqual(sick);
    expect(h.seen).toHaveLength(1);
    expect(h.retries).toEqual([]);
  });
});
