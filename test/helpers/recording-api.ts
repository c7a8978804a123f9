/**
 * A small stand-in for a Fibonacci API on 127.0.0.1 that logs the Authorization header of every
 * request it receives (before anything else), so a test can prove which keys reached it. It accepts
 * only the keys it is given: `GET /api/v1/auth/me` answers an identity for them, 401 otherwise.
 */
import type { ServerOptions } from 'node:https';
import { startHttps, type TestServer } from './servers.js';

/** The server and every Authorization header it saw ('' for a request without one). */
export interface RecordingApi extends TestServer {
  authorizations: string[];
}

/** Identity answered for an accepted key (the fields `auth status` prints). */
export const RECORDING_ME = {
  key_id: 'key_rec',
  key_name: 'recording',
  user_id: 'user-rec',
  organization_id: 'org-rec',
  role: 'viewer',
  scopes: { read: true },
  workflows: ['*'],
  created_at: null,
  expires_at: null,
};

/** Start it with the TLS `options` (key, cert…), accepting `keys`. */
export async function startRecordingApi(
  options: ServerOptions,
  keys: readonly string[],
): Promise<RecordingApi> {
  const authorizations: string[] = [];
  const server = await startHttps({ minVersion: 'TLSv1.3', ...options }, (req, res) => {
    const auth = req.headers.authorization ?? '';
    authorizations.push(auth);
    const known = keys.some((k) => auth === `Bearer ${k}`);
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': 'req_rec' });
      res.end(JSON.stringify(body));
    };
    if (!known) return reply(401, { detail: 'invalid API key' });
    if (req.url === '/api/v1/auth/me') return reply(200, RECORDING_ME);
    if (req.url?.startsWith('/api/v1/secrets')) return reply(200, { secrets: [] });
    return reply(404, { detail: 'not found' });
  });
  return Object.assign(server, { authorizations });
}
