import type { ServerOptions } from 'node:https';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Certificates } from './certs.js';
import { installErrorHandling } from './errors.js';
import { randomId } from './ids.js';
import { installPipeline } from './pipeline.js';
import { POLICIES, PolicyIndex, type RoutePolicy } from './policy.js';
import { FixedWindowLimiter } from './rate-limit.js';
import { ROUTE_MODULES } from './routes/index.js';
import type { Store } from './store.js';
import type { RouteContext, RouteModule } from './types.js';
import { buildValidator } from './validation.js';

/** Largest request body accepted (413 above it). Secret values are at most 64 KiB. */
export const BODY_LIMIT_BYTES = 1024 * 1024;
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 6000;

export interface ServerConfig {
  store: Store;
  certs: Certificates;
  requireClientCert: boolean;
  rateLimitPerMinute: number;
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
  const app = Fastify({
    https: tlsOptions(config),
    logger: false,
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: () => randomId('req_', 12),
    requestIdHeader: false,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    schemaController: { compilersFactory: { buildValidator } },
  }) as unknown as FastifyInstance;

  // A bodiless request that still says `Content-Type: application/json` (some clients always do)
  // is treated as having no body rather than as malformed JSON.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') {
      done(null, undefined);
      return;
    }
    parseJson(request, body as string, done);
  });

  const ctx: RouteContext = { store: config.store, now: config.now, log: config.log };
  const routes: Array<{ method: string; url: string }> = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });

  installErrorHandling(app, config.log);
  const policies = new PolicyIndex(config.policies ?? POLICIES);
  installPipeline(app, ctx, policies, new FixedWindowLimiter(config.rateLimitPerMinute, config.now));
  for (const register of config.routes ?? ROUTE_MODULES) register(app, ctx);

  await app.ready();
  const missing = policies.routesWithoutPolicy(routes);
  if (missing.length > 0) {
    await app.close();
    throw new Error(`routes without an access policy in src/emulator/policy.ts: ${missing.join(', ')}`);
  }
  return app;
}
