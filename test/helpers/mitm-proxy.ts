/**
 * An HTTP CONNECT proxy that tunnels every request to one local port, whatever host the client
 * asked for: what DNS spoofing or a hostile network does. With HTTPS_PROXY pointing here, the CLI
 * talks TLS to `https://api.fibonacci.today` (SNI and host-name check for that name) while the bytes
 * reach a test server, so a test can see what a certificate for that name gets the CLI to send.
 */
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';

/** A listening proxy: its port, the CONNECT targets it was asked for, and close(). */
export interface MitmProxy {
  port: number;
  /** `host:port` of every CONNECT, in order. */
  targets: string[];
  close(): Promise<void>;
}

/** Tunnel every CONNECT to 127.0.0.1:`toPort`. */
export async function startMitmProxy(toPort: number): Promise<MitmProxy> {
  const targets: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_req, res) => {
    res.writeHead(405).end();
  });
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    targets.push(req.url ?? '');
    const upstream = net.connect(toPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    targets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
