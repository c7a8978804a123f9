// GET /openapi.json and /docs: generated from the route schemas when ENABLE_DOCS=true, 404 otherwise
// (spawned emulator, npm run build first).
import { describe, expect, it } from 'vitest';
import { apiRequest } from '../../helpers/api-request.js';
import { startEmulator } from '../../helpers/emulator.js';

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
