/**
 * A request whose headers go now and whose body goes when the test says: what a slow (or hostile)
 * client does to open a window between the server's check of its key and the change it asks for.
 * Raw TLS 1.3, so nothing buffers or retries behind the test's back.
 */
import { readFileSync } from 'node:fs';
import { connect, type TLSSocket } from 'node:tls';

/** The server's answer as it came off the socket. */
export interface RawAnswer {
  status: number;
  body: unknown;
}

/** A request with its body withheld. */
export interface SlowRequest {
  /** Send the first `bytes` of the body (default 1), keeping the rest back. */
  sendPart(bytes?: number): void;
  /** Send the rest of the body and resolve with the answer. */
  finish(): Promise<RawAnswer>;
  /** The answer, or the error that ended the connection without one (a reset). */
  answer: Promise<RawAnswer>;
  /** Whether the server has closed the connection. */
  closed(): boolean;
  destroy(): void;
}

function parse(raw: string): RawAnswer {
  const [head = '', ...rest] = raw.split('\r\n\r\n');
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
  const text = rest.join('\r\n\r\n');
  try {
    return { status, body: JSON.parse(text) };
  } catch {
    return { status, body: text };
  }
}

/** Open `method path` on `url` with `key` and the JSON `body` announced but not yet sent. */
export function slowRequest(
  target: { url: string; caCertPath: string },
  method: string,
  path: string,
  key: string,
  body: unknown,
): SlowRequest {
  const url = new URL(target.url);
  const bytes = Buffer.from(JSON.stringify(body));
  let sent = 0;
  let closed = false;
  const socket: TLSSocket = connect({
    host: url.hostname,
    port: Number(url.port),
    ca: readFileSync(target.caCertPath),
    servername: 'localhost',
    minVersion: 'TLSv1.3',
  });
  socket.write(
    `${method} ${path} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${key}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${bytes.length}\r\nConnection: close\r\n\r\n`,
  );
  const answer = new Promise<RawAnswer>((resolve, reject) => {
    let raw = '';
    socket.setEncoding('utf8').on('data', (d: string) => {
      raw += d;
    });
    socket.once('close', () => {
      closed = true;
      if (raw === '') reject(new Error('the connection closed without an answer'));
      else resolve(parse(raw));
    });
    socket.once('error', (e) => {
      closed = true;
      if (raw === '') reject(e);
    });
  });
  answer.catch(() => {}); // a test that never asks for the answer must not see it rejected
  return {
    sendPart(n = 1) {
      socket.write(bytes.subarray(sent, sent + n));
      sent += n;
    },
    finish() {
      socket.write(bytes.subarray(sent));
      sent = bytes.length;
      return answer;
    },
    answer,
    closed: () => closed,
    destroy: () => socket.destroy(),
  };
}
