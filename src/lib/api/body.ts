/**
 * A response body read to its end, at most RESPONSE_MAX_BYTES. A server (or whatever answers in its
 * place) that sends an endless body would otherwise grow the CLI until it runs out of memory; the
 * largest answer docs/api.md has is a page of 1000 audit events, a few MiB. Checked against
 * Content-Length first (nothing is read), then while the bytes arrive.
 */
import { sizeLabel } from '../bounded-read.js';
import { CliError } from '../errors.js';

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
