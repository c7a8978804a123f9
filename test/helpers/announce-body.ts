import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { type ApiResponse, type ApiTarget, parseBody } from './api-request.js';

/**
 * A JSON request that announces `bytes` of body (Content-Length) and withholds them, for the
 * server's size limit: it must answer 413 from the header alone. Sending a body that large would
 * race the server's close (Fastify answers 413 with `Connection: close` without reading it, so the
 * rest of the upload meets a reset), and the client could see EPIPE instead of the answer.
 */
export function announceBody(
  emu: Pick<ApiTarget, 'url' | 'caCertPath' | 'ownerKey'>,
  method: string,
  path: string,
  bytes: number,
): Promise<ApiResponse> {
  return new Promise((resolvePromise, reject) => {
    const req = httpsRequest(
      new URL(path, emu.url),
      {
        method,
        ca: readFileSync(emu.caCertPath),
        minVersion: 'TLSv1.3',
        agent: false,
        headers: {
          authorization: `Bearer ${emu.ownerKey}`,
          'content-type': 'application/json',
          'content-length': String(bytes),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => {
          text += d;
        });
        res.once('end', () => {
          req.destroy();
          resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body: parseBody(text), text });
        });
      },
    );
    // An error after the answer (the server closing a socket that still owes it bytes) changes
    // nothing: the promise is settled by then.
    req.on('error', reject);
    req.setTimeout(10_000, () =>
      req.destroy(
        new Error(`no answer within 10 s to ${bytes} bytes announced: the server waits for the body`),
      ),
    );
    req.flushHeaders();
  });
}
