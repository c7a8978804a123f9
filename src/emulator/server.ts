import type { ServerOptions } from 'node:https';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
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
}

function tlsOptions(config: ServerConfig): ServerOptions {
  const tls: ServerOptions = {
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
    trustProxy: settings.trustedProxyHosts.length > 0 ? settings.trustedProxyHosts : false,
    https: tlsOptions(config),
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
