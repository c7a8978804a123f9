/**
 * Real local servers for the client's integration tests: HTTPS on 127.0.0.1 port 0, a TCP server
 * that accepts and never speaks, and an HTTP CONNECT proxy. Each records what reached it, so tests
 * can prove a refused handshake never let a request (or the key) through.
 */
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';

/** A started server and what it saw. */
export interface TestServer {
  port: number;
  /** Requests that reached the HTTP handler (after a successful handshake). */
  requests: http.IncomingMessage[];
  close(): Promise<void>;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

const json: Handler = (req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req_tls' });
  res.end(JSON.stringify({ ok: true, path: req.url }));
};

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Track sockets so close() never waits on a connection a test left hanging. */
function closer(server: net.Server): () => Promise<void> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
}

/** An HTTPS server with `options` (key, cert, TLS versions, requestCert…) answering with `handler`. */
export async function startHttps(options: https.ServerOptions, handler: Handler = json): Promise<TestServer> {
  const requests: http.IncomingMessage[] = [];
  const server = https.createServer(options, (req, res) => {
    requests.push(req);
    handler(req, res);
  });
  // TLS failures are the point of several tests; keep them off the test output.
  server.on('tlsClientError', () => {});
  const close = closer(server);
  return { port: await listen(server), requests, close };
}

/** A TCP server that accepts connections and never sends a byte. */
export async function startSilent(): Promise<TestServer> {
  const server = net.createServer(() => {});
  const close = closer(server);
  return { port: await listen(server), requests: [], close };
}

/** A port nothing listens on (bound, then released). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** An HTTP proxy that only tunnels (CONNECT), recording each target. */
export async function startProxy(): Promise<TestServer & { tunnels: string[] }> {
  const tunnels: string[] = [];
  const server = http.createServer((_req, res) => {
    res.writeHead(405).end();
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
  });
  const close = closer(server);
  return { port: await listen(server), requests: [], tunnels, close };
}
