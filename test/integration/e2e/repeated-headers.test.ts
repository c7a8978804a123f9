// A request that sends Authorization (or Content-Type, or Host) twice is refused with 400 before
// any key is looked at, over the emulator's real TLS. Node's http keeps the first copy of such a
// header and drops the rest, so the owner's key followed by a bogus one was answered as the owner
// (and the two in the other order as nobody), while a proxy that reads the last copy decides the
// other way. Hostile pass 15, H15-8. Sent on a raw TLS socket: a client library joins or drops copies.
import { readFileSync } from 'node:fs';
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest } from '../../helpers/api-request.js';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';

let emu: EmulatorHandle;

beforeAll(async () => {
  emu = await startEmulator();
}, 60_000);
afterAll(async () => {
  await emu?.stop();
});

/** One HTTP/1.1 request with exactly these header lines; the status and body of the answer. */
function raw(
  path: string,
  headers: Array<[string, string]>,
  body = '',
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: '127.0.0.1',
      port: emu.port,
      ca: readFileSync(emu.caCertPath),
      servername: 'localhost',
    });
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    socket.on('end', () => {
      const [head = '', rest = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), body: rest });
    });
    socket.on('error', reject);
    socket.on('secureConnect', () => {
      const lines = [`GET ${path} HTTP/1.1`, ...headers.map(([n, v]) => `${n}: ${v}`), 'Connection: close'];
      socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`);
    });
  });
}

const HOST: [string, string] = ['Host', '127.0.0.1'];

describe('a header sent twice', () => {
  it('the owner key and then a bogus one: 400, in either order, and not as the owner', async () => {
    const bogus = 'fib_test_bogus0000000000000000000000';
    for (const order of [
      [emu.ownerKey, bogus],
      [bogus, emu.ownerKey],
      [emu.ownerKey, emu.ownerKey],
    ]) {
      const r = await raw('/api/v1/auth/me', [
        HOST,
        ...order.map((k): [string, string] => ['Authorization', `Bearer ${k}`]),
      ]);
      expect(r.status).toBe(400);
      expect(r.body).toContain('more than one authorization header');
      expect(r.body).not.toContain('user_id');
    }
  });

  it('Authorization in two spellings of its name is sent twice too; Content-Type and Host as well', async () => {
    const key = `Bearer ${emu.ownerKey}`;
    expect(
      (await raw('/api/v1/auth/me', [HOST, ['authorization', key], ['AUTHORIZATION', key]])).status,
    ).toBe(400);
    expect((await raw('/api/v1/auth/me', [HOST, HOST, ['Authorization', key]])).status).toBe(400);
    const twoTypes = await raw('/api/v1/auth/me', [
      HOST,
      ['Authorization', key],
      ['Content-Type', 'application/json'],
      ['Content-Type', 'text/plain'],
    ]);
    expect(twoTypes.status).toBe(400);
  });

  it('one of each is answered as before', async () => {
    const r = await raw('/api/v1/auth/me', [HOST, ['Authorization', `Bearer ${emu.ownerKey}`]]);
    expect(r.status).toBe(200);
    expect((await apiRequest(emu, 'GET', '/api/v1/auth/me')).status).toBe(200);
  });
});
