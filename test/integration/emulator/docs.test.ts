// GET /openapi.json and /docs: generated from the route schemas when ENABLE_DOCS=true, 404 otherwise
// (spawned emulator, npm run build first).
import type { TSchema } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { CreatedKeySchema, CreateKeyBody } from '../../../src/lib/api/api-keys.js';
import { EventsPageSchema } from '../../../src/lib/api/audit.js';
import { IdentitySchema } from '../../../src/lib/api/identity.js';
import { GovernancePatch, QuotaSchema } from '../../../src/lib/api/orgs.js';
import { HealthReportSchema, SecretListSchema } from '../../../src/lib/api/secrets.js';
import { RunSchema, WorkflowListSchema } from '../../../src/lib/api/workflows.js';
import { apiRequest } from '../../helpers/api-request.js';
import { startEmulator } from '../../helpers/emulator.js';

type Operation = {
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
};

describe('API docs', () => {
  it('serves an OpenAPI document generated from the routes, and a page linking it, to anyone', async () => {
    const emu = await startEmulator({ env: { ENABLE_DOCS: 'true' } });
    try {
      const res = await apiRequest(emu, 'GET', '/openapi.json', { key: null });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const spec = res.body as {
        openapi: string;
        info: { title: string };
        paths: Record<string, Record<string, { summary?: string; requestBody?: unknown; responses: object }>>;
      };
      expect(spec.openapi).toBe('3.1.0');
      expect(spec.info.title).toBe('Fibonacci API');
      // Every route the emulator serves is in it (with Fastify's :param as {param}), docs routes excepted.
      expect(Object.keys(spec.paths)).toEqual(
        expect.arrayContaining([
          '/api/v1/auth/me',
          '/api/v1/organizations/{id}/quota',
          '/api/v1/organizations/{id}/governance',
        ]),
      );
      expect(spec.paths['/openapi.json']).toBeUndefined();
      expect(spec.paths['/api/v1/dev/shell']).toBeUndefined(); // developer routes are off
      const me = spec.paths['/api/v1/auth/me']?.get;
      expect(me?.summary).toBe('The identity behind the presented API key');
      expect(JSON.stringify(me?.responses)).toContain('organization_id');
      const patch = spec.paths['/api/v1/organizations/{id}/governance']?.patch;
      expect(JSON.stringify(patch?.requestBody)).toContain('approval_threshold');

      const page = await apiRequest(emu, 'GET', '/docs', { key: null });
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.text).toContain('<a href="/openapi.json">/openapi.json</a>');
    } finally {
      await emu.stop();
    }
  });

  it('describes each endpoint with the very shapes the CLI checks answers against (lib/api/)', async () => {
    const emu = await startEmulator({ env: { ENABLE_DOCS: 'true' } });
    try {
      const spec = (await apiRequest(emu, 'GET', '/openapi.json', { key: null })).body as {
        paths: Record<string, Record<string, Operation>>;
      };
      const op = (path: string, method: string) => spec.paths[path]?.[method] as Operation;
      const response = (path: string, method: string, status: number) =>
        op(path, method).responses[String(status)]?.content?.['application/json']?.schema;
      const body = (path: string, method: string) =>
        op(path, method).requestBody?.content['application/json']?.schema;
      // As JSON: TypeBox's own markers are symbols and do not travel. @fastify/swagger writes a map's
      // `patternProperties` as `additionalProperties`, which Dictionary (shapes.ts) sets to the same.
      const json = (schema: TSchema) =>
        JSON.parse(JSON.stringify(schema, (k, v) => (k === 'patternProperties' ? undefined : v)));
      const org = '/api/v1/organizations/{id}';
      expect(response('/api/v1/auth/me', 'get', 200)).toEqual(json(IdentitySchema));
      expect(response('/api/v1/secrets', 'get', 200)).toEqual(json(SecretListSchema));
      expect(response('/api/v1/health/secrets', 'get', 503)).toEqual(json(HealthReportSchema));
      expect(response('/api/v1/api-keys', 'post', 201)).toEqual(json(CreatedKeySchema));
      expect(body('/api/v1/api-keys', 'post')).toEqual(json(CreateKeyBody));
      expect(response('/api/v1/workflows', 'get', 200)).toEqual(json(WorkflowListSchema));
      expect(response('/api/v1/workflows/{id}/execute', 'post', 200)).toEqual(json(RunSchema));
      expect(response('/api/v1/audit/events', 'get', 200)).toEqual(json(EventsPageSchema));
      expect(response(`${org}/quota`, 'get', 200)).toEqual(json(QuotaSchema));
      expect(body(`${org}/governance`, 'patch')).toEqual(json(GovernancePatch));
    } finally {
      await emu.stop();
    }
  });

  it('answers 404 for both when docs are off (the default)', async () => {
    const emu = await startEmulator();
    try {
      for (const path of ['/openapi.json', '/docs']) {
        const res = await apiRequest(emu, 'GET', path, { key: null });
        expect(res.status).toBe(404);
        expect(res.body).toEqual({ detail: 'Not Found' });
      }
    } finally {
      await emu.stop();
    }
  });
});
