/**
 * HTTPS requests to an emulator (spawned or in process) over TLS 1.3, trusting its CA:
 *
 *   const res = await apiRequest(emu, 'GET', '/api/v1/auth/me');   // { status, headers, body, text }
 *   const client = keyedClient(emu);            // one pooled agent for many requests with many keys
 *   const r = await client.send('GET', '/api/v1/auth/me', viewerKey);
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';

/** What a request needs to know about the server: where it is, its CA, the owner key, mTLS files. */
export interface ApiTarget {
  url: string;
  caCertPath: string;
  ownerKey: string;
  clientCertPath?: string | undefined;
  clientKeyPath?: string | undefined;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, or the raw text when the body is not JSON, or undefined when empty. */
  body: unknown;
  text: string;
}

export interface ApiRequestOptions {
  /** Bearer key; the owner key by default, `null` for none. */
  key?: string | null;
  /** Sent as JSON (objects) or as-is (strings). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Present the emulator's client certificate (needs --require-client-cert at start). */
  clientCert?: boolean;
}

/** One HTTPS request to an emulator over TLS 1.3, trusting its CA; never throws on HTTP status. */
export async function apiRequest(
  emu: ApiTarget,
  method: string,
  path: string,
  opts: ApiRequestOptions = {},
): Promise<ApiResponse> {
  const connect: Record<string, unknown> = { ca: readFileSync(emu.caCertPath), minVersion: 'TLSv1.3' };
  if (opts.clientCert && emu.clientCertPath && emu.clientKeyPath) {
    connect.cert = readFileSync(emu.clientCertPath);
    connect.key = readFileSync(emu.clientKeyPath);
  }
  const dispatcher = new Agent({ connect });
  const headers: Record<string, string> = { ...opts.headers };
  const key = opts.key === undefined ? emu.ownerKey : opts.key;
  if (key !== null) headers.authorization ??= `Bearer ${key}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  try {
    const res = await request(new URL(path, emu.url), { method: method as 'GET', headers, body, dispatcher });
    const text = await res.body.text();
    return { status: res.statusCode, headers: res.headers, body: parseBody(text), text };
  } finally {
    await dispatcher.close();
  }
}

/** JSON when it parses, the text as it came otherwise, undefined for an empty body. */
export function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A JSON client over one pooled TLS 1.3 agent, for tests that send many requests with many keys. */
export interface KeyedClient {
  send(
    method: string,
    path: string,
    key: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: unknown; text: string }>;
  close(): Promise<void>;
}

/**
 * A KeyedClient for `emu` (at `url`, default emu.url). `localAddress` sets the source address; undici
 * takes it on the agent, and silently ignores it under `connect`.
 */
export function keyedClient(
  emu: Pick<ApiTarget, 'url' | 'caCertPath'>,
  opts: { localAddress?: string; url?: string; connections?: number } = {},
): KeyedClient {
  const agent = new Agent({
    ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
    connections: opts.connections ?? 16,
    connect: { ca: readFileSync(emu.caCertPath), minVersion: 'TLSv1.3' },
  });
  return {
    async send(method, path, key, body, headers = {}) {
      const all: Record<string, string> = { authorization: `Bearer ${key}`, ...headers };
      if (body !== undefined) all['content-type'] = 'application/json';
      const res = await agent.request({
        origin: opts.url ?? emu.url,
        path,
        method: method as 'GET',
        headers: all,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.body.text();
      return { status: res.statusCode, body: parseBody(text), text };
    },
    close: () => agent.close(),
  };
}
