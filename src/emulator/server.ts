import { STATUS_CODES } from 'node:http';
import type { ServerOptions } from 'node:https';
import type { Socket } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { trustProxyList } from '../lib/proxy-trust.js';
import type { Certificates } from './certs.js';
import { installErrorHandling } from './errors.js';
import { randomId } from './ids.js';
import { installJsonBodyParser } from './json-body.js';
import { WORKFLOW_NAME_MAX_LENGTH } from './keys/patterns.js';
import { installPipeline } from './pipeline.js';
import { OPTIONAL_POLICIES, POLICIES, PolicyIndex, type RoutePolicy } from './policy.js';
import { FixedWindowLimiter } from './rate-limit.js';
import { installDocs } from './routes/docs.js';
import { ROUTE_MODULES } from './routes/index.js';
import type { SecretsBackend } from './secrets/backend.js';
import { DEFAULT_SETTINGS, type ServerSettings } from './settings.js';
import type { Store } from './store.js';
import type { RouteContext, RouteModule } from './types.js';
import { buildValidator } from './validation.js';

/** Largest request body accepted (413 above it). Secret values are at most 64 KiB. */
export const BODY_LIMIT_BYTES = 1024 * 1024;
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 6000;
/**
 * Longest path parameter the router accepts (414 above it), counted once percent-decoded. Twice the
 * longest name any rule allows (a workflow name; secret names stop at 128), so a name one character
 * over its rule still reaches validation or resolution and gets their answer (422, 403 or 404).
 */
export const MAX_PARAM_LENGTH = 2 * WORKFLOW_NAME_MAX_LENGTH;
/**
 * The whole request, headers and body, must arrive within this (408, then the connection closes;
 * the handler never runs). A request is authorised when its headers arrive, so a body trickled in
 * for minutes would act on a decision that old (recheck.ts checks again, this bounds the window).
 */
export const REQUEST_TIMEOUT_MS = 30_000;
/** The headers alone must arrive within this. */
export const HEADERS_TIMEOUT_MS = 10_000;
/**
 * A connection with no traffic at all for this long is closed without an answer (a handler that
 * stalls, a client that stops reading). Longer than REQUEST_TIMEOUT_MS, so a request that is slow
 * to arrive gets its 408 rather than a silent close.
 */
export const IDLE_TIMEOUT_MS = 60_000;
/** How long an idle kept-alive connection waits for the next request. */
export const KEEP_ALIVE_TIMEOUT_MS = 10_000;

export interface ServerConfig {
  store: Store;
  certs: Certificates;
  requireClientCert: boolean;
  rateLimitPerMinute: number;
  /** The rate-limit window (default one minute; tests use seconds). */
  rateLimitWindowMs?: number;
  /** Server settings (APP_ENV, docs, developer routes, proxies, …); defaults when absent. */
  settings?: ServerSettings;
  /** Secret storage, opened by the caller before the server is built. */
  secrets: SecretsBackend;
  now: () => Date;
  log: (line: string) => void;
  /** Route modules to register (default ROUTE_MODULES); tests add their own. */
  routes?: readonly RouteModule[];
  /** The policy table (default POLICIES); must cover every route. */
  policies?: readonly RoutePolicy[];
  /** REQUEST_TIMEOUT_MS unless given (tests use a second); the headers' limit is capped by it. */
  requestTimeoutMs?: number;
}

/** Node's timers for a slow client (see REQUEST_TIMEOUT_MS); Node checks them on an interval. */
function timeouts(config: ServerConfig) {
  const requestTimeout = config.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  return {
    requestTimeout,
    headersTimeout: Math.min(HEADERS_TIMEOUT_MS, requestTimeout),
    // Node's default (30 s) would let a 30 s limit stretch to 60 s.
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(requestTimeout / 4))),
  };
}

function tlsOptions(config: ServerConfig): ServerOptions {
  const { headersTimeout, connectionsCheckingInterval } = timeouts(config);
  const tls: ServerOptions = {
    // https.createServer takes http.createServer's options too: these two exist only there.
    headersTimeout,
    connectionsCheckingInterval,
    key: config.certs.key,
    cert: config.certs.cert,
    minVersion: 'TLSv1.3',
    maxVersion: 'TLSv1.3',
  };
  if (config.requireClientCert) {
    Object.assign(tls, { requestCert: true, rejectUnauthorized: true, ca: config.certs.ca });
  }
  return tls;
}

/**
 * Build the emulator's Fastify app (not yet listening): TLS 1.3 only, FastAPI-style errors, the
 * request pipeline, every route module, and a startup check that each route has a policy.
 */
export async function buildServer(config: ServerConfig): Promise<FastifyInstance> {
  const settings = config.settings ?? DEFAULT_SETTINGS;
  const app = Fastify({
    // request.ip (and so clientIp()) follows X-Forwarded-For only when the socket peer is trusted.
    trustProxy: settings.trustedProxyHosts.length > 0 ? trustProxyList(settings.trustedProxyHosts) : false,
    https: tlsOptions(config),
    // Fastify sets these on the server after creating it (its default 0 would turn Node's off).
    requestTimeout: timeouts(config).requestTimeout,
    connectionTimeout: IDLE_TIMEOUT_MS,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    clientErrorHandler: clientErrorAnswer(config.log, timeouts(config).requestTimeout),
    logger: false,
    bodyLimit: BODY_LIMIT_BYTES,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    genReqId: () => randomId('req_', 12),
    requestIdHeader: false,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    schemaController: { compilersFactory: { buildValidator } },
    // Errors Fastify raises before routing (a path that is not valid UTF-8 once decoded, an
    // over-long path parameter) keep the FastAPI error shape too.
    frameworkErrors: (error, _request, reply) => {
      const status = (error as { statusCode?: number }).statusCode ?? 400;
      const detail =
        error.code === 'FST_ERR_BAD_URL'
          ? 'malformed URL'
          : status === 414
            ? `path parameter longer than ${MAX_PARAM_LENGTH} characters`
            : 'invalid request';
      (reply as unknown as FastifyReply)
        .code(status >= 400 && status < 500 ? status : 400)
        .header('x-request-id', randomId('req_', 12))
        .send({ detail });
    },
  }) as unknown as FastifyInstance;

  installJsonBodyParser(app);

  const ctx: RouteContext = {
    store: config.store,
    now: config.now,
    log: config.log,
    settings,
    secrets: config.secrets,
  };
  const routes: Array<{ method: string; url: string }> = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });

  installErrorHandling(app, config.log);
  const policies = new PolicyIndex(config.policies ?? [...POLICIES, ...OPTIONAL_POLICIES]);
  const limiter = new FixedWindowLimiter(config.rateLimitPerMinute, config.now, config.rateLimitWindowMs);
  installPipeline(app, ctx, policies, limiter);
  await installDocs(app, ctx); // before the routes: the OpenAPI generator records them as they register
  for (const register of config.routes ?? ROUTE_MODULES) register(app, ctx);

  await app.ready();
  const missing = policies.routesWithoutPolicy(routes);
  const unresolved = policies.routesWithUndeclaredParams(routes);
  if (missing.length > 0 || unresolved.length > 0) {
    await app.close();
    const where = 'in src/emulator/policy.ts';
    const problems = [
      ...(missing.length > 0 ? [`routes without an access policy ${where}: ${missing.join(', ')}`] : []),
      ...(unresolved.length > 0
        ? [`path parameters without a declared resolver ${where}: ${unresolved.join(', ')}`]
        : []),
    ];
    throw new Error(problems.join('; '));
  }
  return app;
}

/**
 * Node's client errors (a request not complete in time, headers too large, bytes that are not
 * HTTP) answered in the API's error shape, then the connection closed: the request never reached
 * routing, so no handler ran and nothing changed.
 */
function clientErrorAnswer(log: (line: string) => void, requestTimeoutMs: number) {
  return (error: NodeJS.ErrnoException, socket: Socket): void => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    let status = 400;
    let detail = 'malformed request';
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      status = 408;
      detail = `request not received within ${requestTimeoutMs / 1000} s`;
      log(`timeout ${socket.remoteAddress ?? '?'} ${detail}; connection closed`);
    } else if (error.code === 'HPE_HEADER_OVERFLOW') {
      status = 431;
      detail = 'request headers too large';
    }
    if (socket.writable) {
      const body = JSON.stringify({ detail });
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-ID: ${randomId('req_', 12)}\r\n` +
          `Connection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy(error);
  };
}
