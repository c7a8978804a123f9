import type { FastifyError, FastifyInstance } from 'fastify';
import { SHARED_SCOPE_NAME } from '../lib/validate.js';
import { loggablePath } from './redact.js';
import { validationDetail } from './validation.js';

/** An error a route or hook throws to answer with a FastAPI-style `{"detail": …}` body. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly detail: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof detail === 'string' ? detail : `HTTP ${statusCode}`);
    this.name = 'ApiError';
  }
}

/**
 * SQLite could not write because the data dir's disk is full (SQLITE_FULL): whatever the write
 * was, it did not happen (a change and its audit events roll back together).
 */
export function isDiskFull(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === 'SQLITE_FULL';
}

/** The answer to a request whose write could not be stored for want of disk space. */
export const DISK_FULL_DETAIL =
  "the server's disk is full: nothing was stored; free space where the emulator keeps its data dir and try again";

const CLIENT_ERRORS: Record<string, [number, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'malformed JSON body'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'malformed JSON body'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'invalid Content-Length'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'request body too large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'Unsupported Media Type'],
};

/** The query's parameters that hold the shared scope's reserved name, and nothing else. */
function reservedOnly(query: unknown): Record<string, string> | undefined {
  if (query === null || typeof query !== 'object') return undefined;
  const kept = Object.entries(query).filter(([, v]) => v === SHARED_SCOPE_NAME);
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

/**
 * FastAPI-style errors everywhere: 404 `{"detail": "Not Found"}`, 400 for malformed JSON, 422 with
 * a `loc`/`msg`/`type` list, 413, 507 when the disk is full, and 500
 * `{"detail": "Internal Server Error"}` with the stack only in the log, never in the body.
 */
export function installErrorHandling(app: FastifyInstance, log: (line: string) => void): void {
  app.setNotFoundHandler((_request, reply) => {
    reply.code(404).send({ detail: 'Not Found' });
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ApiError) {
      reply.headers(error.headers).code(error.statusCode).send({ detail: error.detail });
      return;
    }
    if (error.validation) {
      const context = error.validationContext ?? 'body';
      // The body is where a refused value is named from; the other parts are named by the path alone,
      // except that a query's `environment=shared` is told the reserved name's one wording, as a
      // body's is (only that value is passed on, so nothing else of a query is ever repeated).
      const root =
        context === 'body'
          ? request.body
          : context === 'querystring'
            ? reservedOnly(request.query)
            : undefined;
      reply.code(422).send({ detail: validationDetail(error.validation, context, root) });
      return;
    }
    const known = error.code ? CLIENT_ERRORS[error.code] : undefined;
    if (known) {
      reply.code(known[0]).send({ detail: known[1] });
      return;
    }
    if (error instanceof SyntaxError || (error.statusCode === 400 && /JSON/i.test(error.message))) {
      reply.code(400).send({ detail: 'malformed JSON body' });
      return;
    }
    if (isDiskFull(error)) {
      // Insufficient Storage: nothing of the request was stored; said in words, the stack left out.
      log(`error ${request.id} ${request.method} ${loggablePath(request.url)}: the data dir's disk is full`);
      reply.code(507).send({ detail: DISK_FULL_DETAIL });
      return;
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      reply.code(status).send({ detail: error.message });
      return;
    }
    log(
      `error ${request.id} ${request.method} ${loggablePath(request.url)}: ${error.stack ?? error.message}`,
    );
    reply.code(500).send({ detail: 'Internal Server Error' });
  });
}
