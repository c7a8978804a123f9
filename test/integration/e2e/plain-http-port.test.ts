// UX pass 14 (C-REFUSED, wrong port): --api-url at a port that serves plain HTTP (another local
// service, or the emulator's port mistaken for a web server's) said "the server at HOST does not
// support TLS 1.3": the user went looking for a TLS setting when the port speaks no TLS at all.
// OpenSSL tells the two apart (a plain-text answer is "wrong version number"; an older TLS answers
// with a protocol_version alert), and now so does the message. The BUILT CLI, exit 7, no retry.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/spawn-cli.js';

let server: Server;
let port = 0;
let requests = 0;

beforeAll(async () => {
  server = createServer((_req, res) => {
    requests++;
    res.end('hello');
  });
  // A TLS ClientHello is no HTTP request: node answers it 400 Bad Request, in plain text.
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('an API URL whose port serves plain HTTP', () => {
  it('says the port did not answer in TLS, names it and what to check, exit 7', async () => {
    const r = await runCli(['secret', 'list', '--api-url', `https://127.0.0.1:${port}`], {
      env: { FIBONACCI_API_KEY: `fib_test_${'plainHttpPort0123456789'}` },
    });
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
      code: 7,
      stdout: '',
      stderr:
        `error: the server at 127.0.0.1:${port} did not answer in TLS: it may serve plain HTTP, or be another service on that port\n` +
        'hint: the API is served over TLS 1.3; check --api-url (FIBONACCI_BASE_URL): its host and port\n',
    });
    // No request reached it (the handshake failed first), so no key was sent in the clear.
    expect(requests).toBe(0);
  });
});
