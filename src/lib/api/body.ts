/**
 * A response body read to its end, at most RESPONSE_MAX_BYTES. A server (or whatever answers in its
 * place) that sends an endless body would otherwise grow the CLI until it runs out of memory; the
 * largest answer docs/api.md has is a page of 1000 audit events, a few MiB. Checked against
 * Content-Length first (nothing is read), then while the bytes arrive. Then parsed (parseJson):
 * JSON, and nested no deeper than what the CLI can print with --json.
 */
import { sizeLabel } from '../bounded-read.js';
import { CliError } from '../errors.js';
import { MAX_NESTING, nestsTooDeep } from '../json-depth.js';

export const RESPONSE_MAX_BYTES = 64 * 1024 * 1024;

/** What a body is to this reader: its chunks, and a way to stop it. */
interface Body extends AsyncIterable<Buffer | Uint8Array> {
  destroy(error?: Error): unknown;
}

function tooLarge(host: string, limit: number): CliError {
  return new CliError(
    'network',
    `the response from ${host} is larger than ${sizeLabel(limit)}, the most an answer may be`,
    {
      hint: 'check --api-url: that server does not answer as the Fibonacci API does',
    },
  );
}

export async function readBody(
  body: Body,
  contentLength: string | string[] | undefined,
  host: string,
  limit = RESPONSE_MAX_BYTES,
): Promise<Buffer> {
  const declared = Number(Array.isArray(contentLength) ? contentLength[0] : contentLength);
  if (Number.isFinite(declared) && declared > limit) {
    body.destroy();
    throw tooLarge(host, limit);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.byteLength;
    if (total > limit) {
      body.destroy();
      throw tooLarge(host, limit);
    }
    chunks.push(
      Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength),
    );
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total);
}

/** Parse a JSON body; empty (204 and friends) is undefined, anything else unparseable is the server's fault. */
export function parseJson<T>(
  res: { body: string; status: number; requestId?: string | undefined },
  host: string,
): T {
  if (res.body.trim() === '') return undefined as T;
  let value: unknown;
  try {
    value = JSON.parse(res.body);
  } catch {
    throw new CliError(
      'unexpected',
      `the server at ${host} sent a response that is not JSON (status ${res.status})`,
      {
        status: res.status,
        requestId: res.requestId,
        hint: 'check --api-url (FIBONACCI_BASE_URL) points at the Fibonacci API',
      },
    );
  }
  if (tooDeep(value)) throw nestedTooDeep(res, host);
  return value as T;
}

/**
 * Whether a parsed answer, success or error, nests deeper than MAX_NESTING: printed with --json, or
 * walked to word an error, a deeper one would overflow the stack (lib/json-depth.ts).
 */
export function tooDeep(value: unknown): boolean {
  return value !== null && typeof value === 'object' && nestsTooDeep(value);
}

/** The one error for an answer nested too deep, whatever its status. */
export function nestedTooDeep(
  res: { status: number; requestId?: string | undefined },
  host: string,
): CliError {
  return new CliError(
    'unexpected',
    `the server at ${host} sent an answer nested more than ${MAX_NESTING} levels deep`,
    { status: res.status, requestId: res.requestId },
  );
}
