/**
 * A fault-injecting TCP proxy for reliability tests: put it between the CLI and the emulator
 * (FIBONACCI_BASE_URL=https://127.0.0.1:<proxy port>) and choose, per request, a fault to inject.
 *
 *   const proxy = await startFaultProxy(emu.port, (n) => (n <= 2 ? { mode: 'reset' } : undefined));
 *   … run the CLI against proxy.url …
 *   proxy.connections; proxy.requests; await proxy.close();
 *
 * Traffic is TLS end to end, so the proxy cannot read HTTP. It reads only the 5-byte TLS record
 * headers and counts turns: on each connection the client's first application-data record is its
 * handshake Finished; every later client flight of application data that follows server data (or
 * the handshake) starts a request, and the server data after it is that request's response phase.
 * Connections are counted exactly; requests are counted by this turn-taking rule, which is exact for
 * HTTP/1.1 without pipelining (what the CLI does) but may count a request twice if its body record
 * were sent after a server record. Tests that need exact attempt counts read the emulator's access log.
 *
 * Faults act on a response phase: `reset` forwards the first response record then sends a TCP RST,
 * `cut` forwards it then closes cleanly (FIN) mid-response, `latency` delays the response by `ms`,
 * `stall` forwards nothing and holds the socket open until the proxy closes, `hold` keeps the
 * response back until the test calls `release()` (then it flows on untouched). `hold` makes "the
 * client is waiting for this response" a state a test can wait for (`injected`) and end when it
 * chooses, instead of racing a timer.
 *
 * Two faults act on a connection before any request: `resetConnections(n)` true resets the n-th
 * connection as soon as it is accepted (the client's TLS handshake fails, nothing of a request was
 * sent), and `port` makes the proxy listen on a port of the test's choosing, so it can start
 * listening where a client has just been refused.
 */
import net, { type AddressInfo } from 'node:net';

/** What to do to one response. */
export type Fault =
  | { mode: 'reset' }
  | { mode: 'cut' }
  | { mode: 'latency'; ms: number }
  | { mode: 'stall' }
  | { mode: 'hold' };

/** The kinds of fault. */
export type FaultMode = Fault['mode'];

/** Picks a fault for the `request`-th request seen (1-based, across connections), on `connection`. */
export type FaultPlan = (request: number, connection: number) => Fault | undefined;

/** A running proxy and what it saw. */
export interface FaultProxy {
  url: string;
  port: number;
  /** TCP connections accepted. */
  readonly connections: number;
  /** Requests seen (by the turn rule above). */
  readonly requests: number;
  /** Faults injected, in order, with the request number each hit. */
  readonly injected: Array<{ request: number; mode: Fault['mode'] }>;
  /** Replace the plan (e.g. between two CLI runs). */
  setPlan(plan: FaultPlan): void;
  /**
   * Let the responses of every request seen so far that has a `hold` fault go on, including one
   * whose response has not arrived yet (it then passes at once). Later requests may be held again.
   */
  release(): void;
  close(): Promise<void>;
}

const APPLICATION_DATA = 23;

/** Splits a byte stream into TLS record types as they complete; keeps partial headers between chunks. */
class RecordReader {
  private pending = Buffer.alloc(0);
  private remaining = 0;

  /** The content types of records whose header appears in `chunk`. */
  types(chunk: Buffer): number[] {
    const out: number[] = [];
    let buf = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = Buffer.alloc(0);
    while (buf.length > 0) {
      if (this.remaining > 0) {
        const skip = Math.min(this.remaining, buf.length);
        this.remaining -= skip;
        buf = buf.subarray(skip);
        continue;
      }
      if (buf.length < 5) {
        this.pending = Buffer.from(buf);
        break;
      }
      out.push(buf[0] as number);
      this.remaining = buf.readUInt16BE(3);
      buf = buf.subarray(5);
    }
    return out;
  }
}

/** Faults and placement of the proxy itself. */
export interface FaultProxyOptions {
  /** Listen here (default: any free port). */
  port?: number;
  /** Reset the `connection`-th connection (1-based) on accept, before the TLS handshake. */
  resetConnections?: (connection: number) => boolean;
}

/** Start a proxy on 127.0.0.1 forwarding to 127.0.0.1:`targetPort`. */
export async function startFaultProxy(
  targetPort: number,
  plan: FaultPlan = () => undefined,
  options: FaultProxyOptions = {},
): Promise<FaultProxy> {
  let current = plan;
  let connections = 0;
  let requests = 0;
  const injected: Array<{ request: number; mode: Fault['mode'] }> = [];
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const held: Array<() => void> = [];
  let releasedUpTo = 0;

  const server = net.createServer((client) => {
    const connection = ++connections;
    if (options.resetConnections?.(connection)) {
      client.on('error', () => {});
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
      s.setNoDelay(true);
    }
    const fromClient = new RecordReader();
    let finishedSeen = false;
    let serverSpoke = true; // the handshake counts as the server's turn
    let fault: Fault | undefined;
    let faultRequest = 0;
    let faulted = false;

    client.on('data', (chunk: Buffer) => {
      for (const type of fromClient.types(chunk)) {
        if (type !== APPLICATION_DATA) continue;
        if (!finishedSeen) {
          finishedSeen = true;
          continue;
        }
        if (!serverSpoke) continue;
        serverSpoke = false;
        const request = ++requests;
        fault = current(request, connection);
        faultRequest = request;
        if (fault) injected.push({ request, mode: fault.mode });
      }
      upstream.write(chunk);
    });

    upstream.on('data', (chunk: Buffer) => {
      serverSpoke = true;
      if (faulted) return;
      if (!fault) {
        client.write(chunk);
        return;
      }
      const f = fault;
      fault = undefined;
      if (f.mode === 'hold') {
        const go = () => {
          client.write(chunk);
          upstream.resume();
        };
        if (faultRequest <= releasedUpTo) {
          go();
          return;
        }
        upstream.pause();
        held.push(go);
        return;
      }
      if (f.mode === 'latency') {
        upstream.pause();
        const t = setTimeout(() => {
          timers.delete(t);
          client.write(chunk);
          upstream.resume();
        }, f.ms);
        timers.add(t);
        return;
      }
      faulted = true;
      if (f.mode === 'stall') return;
      // Forward half of the first record: the client has begun to read a response, and can never
      // complete it (a whole record might already hold the whole response).
      const first = chunk.length > 5 ? Math.min(chunk.length, 5 + chunk.readUInt16BE(3)) : chunk.length;
      client.write(chunk.subarray(0, Math.max(1, Math.floor(first / 2))), () => {
        upstream.destroy();
        if (f.mode === 'reset') client.resetAndDestroy();
        else client.end();
      });
    });

    client.on('close', () => upstream.destroy());
    upstream.on('close', () => {
      if (!faulted) client.destroy();
    });
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    get connections() {
      return connections;
    },
    get requests() {
      return requests;
    },
    injected,
    setPlan(next) {
      current = next;
    },
    release() {
      releasedUpTo = requests;
      for (const go of held.splice(0)) go();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
