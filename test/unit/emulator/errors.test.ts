// FastAPI-style errors, over real HTTPS, through a test route declared the way real routes are.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoutePolicy } from '../../../src/emulator/policy.js';
import { secretNameRef } from '../../../src/emulator/resolution.js';
import { announceBody } from '../../helpers/announce-body.js';
import { apiRequest } from '../../helpers/api-request.js';
import { type InProcessEmulator, startInProcess } from '../../helpers/in-process-emulator.js';

const testRoutes = (app: FastifyInstance) => {
  app.put(
    '/api/v1/test/items/:name',
    {
      schema: {
        params: { type: 'object', properties: { name: { type: 'string', pattern: '^[A-Z_]+$' } } },
        querystring: {
          type: 'object',
          properties: { limit: { type: 'integer', minimum: 1, maximum: 1000 } },
        },
        body: {
          type: 'object',
          properties: {
            value: { type: 'string', minLength: 1 },
            tags: { type: 'array', items: { type: 'string' } },
          },
          required: ['value'],
          additionalProperties: false,
        },
      },
    },
    async (request) => ({ stored: (request.body as { value: string }).value.length }),
  );
  app.post('/api/v1/test/optional-body', async (request) => ({ body: request.body ?? null }));
  app.get('/api/v1/test/boom', async () => {
    throw new Error('database exploded at /secret/path');
  });
};
const policies: RoutePolicy[] = [
  { method: 'PUT', url: '/api/v1/test/items/:name', scope: null, params: { name: secretNameRef } },
  { method: 'POST', url: '/api/v1/test/optional-body', scope: null },
  { method: 'GET', url: '/api/v1/test/boom', scope: null },
];

let emu: InProcessEmulator;
beforeAll(async () => {
  emu = await startInProcess({ extraRoutes: [testRoutes], extraPolicies: policies });
});
afterAll(async () => {
  await emu.close();
});

const ITEM = '/api/v1/test/items/API_KEY';

describe('errors have FastAPI bodies', () => {
  it('accepts a valid body', async () => {
    const res = await apiRequest(emu, 'PUT', ITEM, { body: { value: 'abc' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ stored: 3 });
  });

  it('400 for malformed JSON', async () => {
    const res = await apiRequest(emu, 'PUT', ITEM, { body: '{"value": ' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ detail: 'malformed JSON body' });
    expect(res.headers['x-request-id']).toMatch(/^req_/);
  });

  it('400 naming the refused key for valid JSON with a prototype key, not "malformed"', async () => {
    for (const body of [
      '{"value": "a", "__proto__": {}}',
      '{"value": "a", "x": {"constructor": {"prototype": {}}}}',
    ]) {
      const res = await apiRequest(emu, 'PUT', ITEM, { body });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        detail:
          'the JSON body holds a "__proto__" key, or a "constructor" key holding "prototype": the server refuses either',
      });
    }
  });

  it('422 with loc/msg/type for a schema violation', async () => {
    const res = await apiRequest(emu, 'PUT', ITEM, { body: { value: 7 } });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      detail: [{ loc: ['body', 'value'], msg: 'Input should be a valid string', type: 'string_type' }],
    });
  });

  it('422 listing every problem: a missing field and an unknown one', async () => {
    const res = await apiRequest(emu, 'PUT', ITEM, { body: { valu: 'x' } });
    expect(res.status).toBe(422);
    expect((res.body as { detail: unknown[] }).detail).toEqual(
      expect.arrayContaining([
        { loc: ['body', 'value'], msg: 'Field required', type: 'missing' },
        { loc: ['body', 'valu'], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' },
      ]),
    );
  });

  it('422 for an empty value, a nested item, a bad path parameter and a bad query value', async () => {
    const empty = await apiRequest(emu, 'PUT', ITEM, { body: { value: '' } });
    expect(empty.body).toEqual({
      detail: [
        { loc: ['body', 'value'], msg: 'String should have at least 1 characters', type: 'string_too_short' },
      ],
    });
    const nested = await apiRequest(emu, 'PUT', ITEM, { body: { value: 'x', tags: ['a', {}] } });
    expect(nested.body).toEqual({
      detail: [{ loc: ['body', 'tags', 1], msg: 'Input should be a valid string', type: 'string_type' }],
    });
    const path = await apiRequest(emu, 'PUT', '/api/v1/test/items/bad-name', { body: { value: 'x' } });
    expect(path.status).toBe(422);
    expect((path.body as { detail: Array<{ loc: unknown[] }> }).detail[0]!.loc).toEqual(['path', 'name']);
    const query = await apiRequest(emu, 'PUT', `${ITEM}?limit=0`, { body: { value: 'x' } });
    expect(query.body).toEqual({
      detail: [
        {
          loc: ['query', 'limit'],
          msg: 'Input should be greater than or equal to 1',
          type: 'greater_than_equal',
        },
      ],
    });
  });

  it('413 for a body over 1 MiB', async () => {
    const res = await announceBody(emu, 'PUT', ITEM, 1024 * 1024 + 1);
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ detail: 'request body too large' });
  });

  it('treats an empty body sent as application/json as no body', async () => {
    const res = await apiRequest(emu, 'POST', '/api/v1/test/optional-body', {
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ body: null });
  });

  it('415 for a body that is not JSON', async () => {
    const res = await apiRequest(emu, 'POST', '/api/v1/test/optional-body', {
      body: 'a=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(415);
    expect(res.body).toEqual({ detail: 'Unsupported Media Type' });
  });

  it('500 with no stack or message in the body; the stack goes to the log', async () => {
    const res = await apiRequest(emu, 'GET', '/api/v1/test/boom');
    expect(res.status).toBe(500);
    expect(res.text).toBe('{"detail":"Internal Server Error"}');
    const id = res.headers['x-request-id'] as string;
    expect(emu.logLines.find((l) => l.startsWith(`error ${id}`))).toContain('database exploded');
  });
});
