// In-process emulator for tests that need to reach inside: an injected clock, extra routes with
// their own policies, direct store access. Everything else should spawn the CLI (./emulator.ts).
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createApiKey, createOrganization, createUser } from '../../src/emulator/accounts.js';
import { authenticate } from '../../src/emulator/auth.js';
import { bootstrapIfEmpty } from '../../src/emulator/bootstrap.js';
import { ensureCertificates } from '../../src/emulator/certs.js';
import { dataPaths, ensureDataDir } from '../../src/emulator/files.js';
import { POLICIES, type RoutePolicy } from '../../src/emulator/policy.js';
import { ROUTE_MODULES } from '../../src/emulator/routes/index.js';
import { createSecretsBackend } from '../../src/emulator/secrets/backend.js';
import { buildServer } from '../../src/emulator/server.js';
import { openStore, type Store } from '../../src/emulator/store.js';
import type { Principal, Role, RouteModule } from '../../src/emulator/types.js';
import { ManualClock } from './manual-clock.js';
import { tempDir } from './temp-dir.js';

export interface InProcessOptions {
  clock?: ManualClock;
  rateLimitPerMinute?: number;
  requireClientCert?: boolean;
  /** Routes added to the real ones, with their policies. */
  extraRoutes?: RouteModule[];
  extraPolicies?: RoutePolicy[];
  /** The server's whole-request limit (default: the real one, 30 s). */
  requestTimeoutMs?: number;
}

export interface InProcessEmulator {
  url: string;
  dataDir: string;
  caCertPath: string;
  ownerKey: string;
  clientCertPath: string | undefined;
  clientKeyPath: string | undefined;
  store: Store;
  app: FastifyInstance;
  clock: ManualClock;
  logLines: string[];
  close(): Promise<void>;
}

/** Start the emulator's server in this process on a fresh data dir, listening on 127.0.0.1. */
export async function startInProcess(opts: InProcessOptions = {}): Promise<InProcessEmulator> {
  const dataDir = join(tempDir('fib-emu-inproc-'), 'data');
  const paths = dataPaths(dataDir);
  ensureDataDir(dataDir);
  const certs = await ensureCertificates(paths, { client: opts.requireClientCert === true });
  const clock = opts.clock ?? new ManualClock();
  const store = openStore(paths.db, { now: clock.now });
  const ownerKey = bootstrapIfEmpty(store, paths) as string;
  const secrets = await createSecretsBackend({ store, dataDir: paths.dir, env: {} });
  const logLines: string[] = [];
  const app = await buildServer({
    store,
    certs,
    requireClientCert: opts.requireClientCert === true,
    rateLimitPerMinute: opts.rateLimitPerMinute ?? 6000,
    secrets,
    now: clock.now,
    log: (line) => logLines.push(line),
    routes: [...ROUTE_MODULES, ...(opts.extraRoutes ?? [])],
    policies: [...POLICIES, ...(opts.extraPolicies ?? [])],
    ...(opts.requestTimeoutMs ? { requestTimeoutMs: opts.requestTimeoutMs } : {}),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  return {
    url: `https://127.0.0.1:${port}`,
    dataDir,
    caCertPath: certs.caCertPath,
    ownerKey,
    clientCertPath: certs.clientCertPath,
    clientKeyPath: certs.clientKeyPath,
    store,
    app,
    clock,
    logLines,
    async close() {
      await app.close();
      store.close();
    },
  };
}

/** Every audit row, oldest first, as stored. */
export function auditRows(store: Store): Array<Record<string, unknown>> {
  return store.db.prepare('SELECT * FROM audit_events ORDER BY seq').all() as Array<Record<string, unknown>>;
}

/**
 * A principal whose key really is in `store` (a new organization, user and key, unless `orgId`
 * names one): what a request authenticated with that key would carry into a change.
 */
export function storedPrincipal(
  store: Store,
  opts: { role?: Role; orgId?: string; expiresAt?: string | null } = {},
): Principal {
  const orgId = opts.orgId ?? createOrganization(store, { name: 'test org' }).id;
  const user = createUser(store, { orgId, role: opts.role ?? 'owner' });
  const { key } = createApiKey(store, {
    orgId,
    userId: user.id,
    name: 'test key',
    scopes: ['admin'],
    workflows: ['**'],
    expiresAt: opts.expiresAt ?? null,
  });
  const outcome = authenticate(store, `Bearer ${key}`);
  if (!outcome.ok) throw new Error(`the test key did not authenticate: ${outcome.reason}`);
  return outcome.principal;
}
